using System.ClientModel;
using System.CommandLine;
using OpenAI.Chat;
using Warbler.Cli.Attachments;
using Warbler.Cli.Completions;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Ask;

/// <summary><c>warbler ask</c>: one question, one answer streamed to standard output.</summary>
internal static class AskCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var sampling = new SamplingOptions();
        var question = new Argument<string?>("question")
        {
            Description = "The question. Text piped to standard input is sent too, before it",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var attach = new Option<string[]>("--attach", "-a")
        {
            Description = $"Send a file with the question (repeat for more): {AttachedFile.Accepted}",
            HelpName = "file",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Ask without streaming and print the raw JSON response",
        };

        var command = new Command("ask", "Ask one question and stream the answer to standard output")
        {
            question,
            attach,
            json,
        };
        foreach (var option in sampling.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = new List<AttachedFile>();
            foreach (var path in parse.GetValue(attach) ?? [])
            {
                files.Add(await AttachedFile.ReadAsync(path, cancellationToken));
            }

            var prompt = await PromptAsync(parse.GetValue(question), files.Count > 0, cancellationToken);
            var api = connection.Api(parse);
            using var interrupt = new InterruptScope(cancellationToken);
            var model = await OpenAIClients.ChooseModelAsync(parse.GetValue(sampling.Model), connection.Settings, api, interrupt.Token);
            var client = OpenAIClients.Chat(api, model);
            var options = sampling.ToCompletionOptions(parse);
            List<ChatMessage> messages = [];
            if (parse.GetValue(sampling.System) is { } system)
            {
                messages.Add(new SystemChatMessage(system));
            }

            messages.Add(AttachedFile.Message(prompt, files));
            try
            {
                if (parse.GetValue(json))
                {
                    var result = await client.CompleteChatAsync(messages, options, interrupt.Token);
                    Console.Out.WriteLine(result.GetRawResponse().Content.ToString());
                }
                else
                {
                    await StreamAsync(client, messages, options, interrupt.Token);
                }
            }
            catch (ClientResultException exception)
            {
                throw ApiErrors.FromClientResult(exception, api.BaseUrl, api.KeyName, api.UrlNote);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The piped text and the argument, either alone, or both with a blank line between; with files, it may be empty.</summary>
    private static async Task<string> PromptAsync(string? argument, bool withFiles, CancellationToken cancellationToken)
    {
        var piped = Console.IsInputRedirected ? await Console.In.ReadToEndAsync(cancellationToken) : "";
        var parts = new[] { piped.Trim(), argument?.Trim() ?? "" }.Where(p => p.Length > 0).ToList();
        return parts.Count > 0 || withFiles
            ? string.Join("\n\n", parts)
            : throw CliException.Usage("Nothing to ask: give a question as an argument, or pipe text to standard input.");
    }

    private static async Task StreamAsync(ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options, CancellationToken cancellationToken)
    {
        var endsWithNewline = true;
        var output = Console.Out;
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync(messages, options, cancellationToken))
            {
                StreamErrors.ThrowIfError(update);
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Text is { Length: > 0 } text)
                    {
                        await output.WriteAsync(text.AsMemory(), cancellationToken);
                        await output.FlushAsync(cancellationToken);
                        endsWithNewline = text.EndsWith('\n');
                    }
                }
            }
        }
        finally
        {
            // Also after Ctrl+C or an error, so the shell's prompt starts on a line of its own.
            if (!endsWithNewline)
            {
                await output.WriteLineAsync();
            }

            await output.FlushAsync(CancellationToken.None);
        }
    }
}
