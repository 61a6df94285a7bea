using System.CommandLine;
using Warbler.Cli.Completions;
using Warbler.Cli.Connection;
using Warbler.Cli.Output;

namespace Warbler.Cli.Chat;

/// <summary><c>warbler chat</c>: an interactive conversation that keeps its history.</summary>
internal static class ChatCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var sampling = new SamplingOptions();
        var command = new Command(
            "chat",
            "Chat with a model; the conversation's history is sent with every turn.\n" +
            "Type a message and press Enter. Commands: " + string.Join(", ", ChatSession.CommandHelp.Select(c => c.Usage)) + ".\n" +
            "Ctrl+C stops the current reply; Ctrl+C at the prompt, /exit or end of input leaves.\n" +
            "When standard input or output is not a terminal, each line read is one message and replies are printed as plain text.");
        foreach (var option in sampling.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = connection.Api(parse);
            var model = await OpenAIClients.ChooseModelAsync(parse.GetValue(sampling.Model), connection.Settings, api, cancellationToken);
            var conversation = new Conversation(model, parse.GetValue(sampling.System));
            var session = new ChatSession(api, conversation, sampling.ToCompletionOptions(parse), Terminal.IsInteractive);
            return await session.RunAsync(cancellationToken);
        });
        return command;
    }
}
