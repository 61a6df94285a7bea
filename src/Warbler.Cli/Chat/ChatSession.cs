using System.ClientModel;
using System.Diagnostics;
using System.Text;
using OpenAI.Chat;
using Spectre.Console;
using Warbler.Cli.Attachments;
using Warbler.Cli.Completions;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Cli.Output;

namespace Warbler.Cli.Chat;

/// <summary>
/// The chat loop. At a terminal: a prompt, a spinner until the first token, the reply rendered as
/// Markdown, and Ctrl+C stopping the reply. Otherwise (driven through a pipe): each line is one
/// message, replies are plain text, notes go to standard error, and a failed request ends the
/// session with its exit code.
/// </summary>
internal sealed class ChatSession(ApiConnection api, Conversation conversation, ChatCompletionOptions options, bool interactive)
{
    public static readonly (string Usage, string Description)[] CommandHelp =
    [
        ("/reset", "forget the conversation (the system message and model stay)"),
        ("/system TEXT", "set the system message (/system alone removes it)"),
        ("/model NAME", "use another model from the next message on"),
        ("/attach FILE", "send a file with the next message: an image, a PDF or text"),
        ("/save FILE", "save the messages as JSON"),
        ("/load FILE", "load messages saved with /save, replacing the conversation"),
        ("/help", "show these commands"),
        ("/exit", "leave"),
    ];

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(60);

    private readonly IAnsiConsole _console = Terminal.CreateOut();
    private ChatClient _client = OpenAIClients.Chat(api, conversation.Model);
    private CancellationTokenSource? _reply;
    private readonly List<AttachedFile> _attached = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            if (interactive)
            {
                _console.MarkupLine($"[grey]Chatting with [bold]{Markup.Escape(conversation.Model)}[/] at {Markup.Escape(api.BaseUrl.ToString())}. /help lists commands; /exit or Ctrl+C leaves.[/]");
            }

            while (true)
            {
                if (interactive)
                {
                    _console.Markup("[bold green]>[/] ");
                }

                var line = await Console.In.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    if (interactive)
                    {
                        _console.WriteLine();
                    }

                    return ExitCodes.Ok;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('/'))
                {
                    if (!await CommandAsync(line, cancellationToken))
                    {
                        return ExitCodes.Ok;
                    }

                    continue;
                }

                await TurnAsync(line, cancellationToken);
            }
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    /// <summary>A reply in progress stops; at the prompt, Ctrl+C ends the program as usual.</summary>
    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Volatile.Read(ref _reply) is { } reply)
        {
            e.Cancel = true;
            reply.Cancel();
        }
    }

    /// <returns>False when the session should end.</returns>
    private async Task<bool> CommandAsync(string line, CancellationToken cancellationToken)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "/exit" or "/quit":
                return false;
            case "/reset":
                conversation.Reset();
                Note("Conversation reset.");
                break;
            case "/system":
                conversation.System = argument.Length == 0 ? null : argument;
                Note(argument.Length == 0 ? "System message removed." : "System message set.");
                break;
            case "/model" when argument.Length > 0:
                conversation.Model = argument;
                _client = OpenAIClients.Chat(api, argument);
                Note($"Model: {argument}.");
                break;
            case "/model":
                Note($"Model: {conversation.Model}. Give a name to change it: /model NAME.");
                break;
            case "/attach" when argument.Length > 0:
                try
                {
                    var file = await AttachedFile.ReadAsync(argument, cancellationToken);
                    _attached.Add(file);
                    Note($"Attached {file.Name} ({file.MediaType}, {Size(file.Data.Length)}); it goes with your next message.");
                }
                catch (CliException exception)
                {
                    Problem(exception.Message);
                }

                break;
            case "/save" or "/load" or "/attach" when argument.Length == 0:
                Problem($"{name} needs a file name: {name} FILE.");
                break;
            case "/save":
                try
                {
                    var messages = conversation.Messages();
                    await TranscriptMessage.SaveAsync(argument, messages, cancellationToken);
                    Note($"Saved {messages.Count} messages to {argument}.");
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Problem($"Cannot save to {argument}: {exception.Message}");
                }

                break;
            case "/load":
                try
                {
                    var loaded = await TranscriptMessage.LoadAsync(argument, cancellationToken);
                    conversation.Replace(loaded);
                    Note($"Loaded {loaded.Count} messages from {argument}.");
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Problem($"Cannot load {argument}: {exception.Message}");
                }
                catch (CliException exception)
                {
                    Problem(exception.Message);
                }

                break;
            case "/help":
                foreach (var (usage, description) in CommandHelp)
                {
                    Note($"{usage,-14} {description}");
                }

                break;
            default:
                Problem($"Unknown command {name}; /help lists the commands.");
                break;
        }

        return true;
    }

    private async Task TurnAsync(string question, CancellationToken cancellationToken)
    {
        // The files go with this question; if it gets no answer they wait for the next one, as it does not stay either.
        List<AttachedFile> files = [.. _attached];
        _attached.Clear();
        conversation.Add(TranscriptMessage.User, question, files);
        var answer = new StringBuilder();
        using var reply = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _reply, reply);
        try
        {
            var messages = conversation.ToChatMessages();
            if (interactive)
            {
                await StreamRenderedAsync(messages, answer, reply.Token);
            }
            else
            {
                await StreamPlainAsync(messages, answer, reply.Token);
            }

            conversation.Add(TranscriptMessage.Assistant, answer.ToString());
        }
        catch (OperationCanceledException) when (reply.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped with Ctrl+C: what arrived is kept, as if the model had said only that.
            if (answer.Length > 0)
            {
                conversation.Add(TranscriptMessage.Assistant, answer.ToString());
            }
            else
            {
                conversation.RemoveLast();
                _attached.InsertRange(0, files);
            }

            Note("(stopped)");
        }
        catch (Exception exception) when (exception is ClientResultException or CliException)
        {
            // The question got no whole answer: it is forgotten, so sending it again does not repeat it.
            conversation.RemoveLast();
            _attached.InsertRange(0, files);
            var error = exception as CliException ?? ApiErrors.FromClientResult((ClientResultException)exception, api.BaseUrl, api.KeyName, api.UrlNote);
            if (!interactive)
            {
                throw error;
            }

            Problem(error.Message);
        }
        finally
        {
            Volatile.Write(ref _reply, null);
        }
    }

    private async Task StreamPlainAsync(List<ChatMessage> messages, StringBuilder answer, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        var finished = false;
        try
        {
            await foreach (var update in _client.CompleteChatStreamingAsync(messages, options, cancellationToken))
            {
                StreamErrors.ThrowIfError(update);
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Text is { Length: > 0 } text)
                    {
                        answer.Append(text);
                        await output.WriteAsync(text.AsMemory(), cancellationToken);
                        await output.FlushAsync(cancellationToken);
                    }
                }
            }

            finished = true;
        }
        finally
        {
            // Each reply ends its line, also one that was stopped or broke off.
            if (finished || answer.Length > 0)
            {
                await output.WriteLineAsync();
            }

            await output.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>A spinner until the first token, the reply's tail live while it streams, then the whole reply as Markdown.</summary>
    private async Task StreamRenderedAsync(List<ChatMessage> messages, StringBuilder answer, CancellationToken cancellationToken)
    {
        var updates = _client.CompleteChatStreamingAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var more = false;
            await _console.Status().Spinner(Spinner.Known.Dots).SpinnerStyle(new Style(Color.Grey))
                .StartAsync($"{Markup.Escape(conversation.Model)} is thinking…", async _ => more = await NextTextAsync(updates, answer));
            if (more)
            {
                await _console.Live(MarkdownView.Render(answer.ToString()))
                    .AutoClear(true)
                    .Overflow(VerticalOverflow.Ellipsis)
                    .Cropping(VerticalOverflowCropping.Top)
                    .StartAsync(async live =>
                    {
                        var sinceRender = Stopwatch.StartNew();
                        while (await NextTextAsync(updates, answer))
                        {
                            if (sinceRender.Elapsed >= RenderInterval)
                            {
                                live.UpdateTarget(MarkdownView.Render(answer.ToString()));
                                sinceRender.Restart();
                            }
                        }
                    });
            }
        }
        finally
        {
            await updates.DisposeAsync();
            if (answer.Length > 0)
            {
                _console.Write(MarkdownView.Render(answer.ToString()));
                _console.WriteLine();
            }
        }
    }

    /// <summary>Reads updates until one carries text; false at the end of the reply.</summary>
    private static async Task<bool> NextTextAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> updates, StringBuilder answer)
    {
        while (await updates.MoveNextAsync())
        {
            StreamErrors.ThrowIfError(updates.Current);
            var before = answer.Length;
            foreach (var part in updates.Current.ContentUpdate)
            {
                answer.Append(part.Text);
            }

            if (answer.Length > before)
            {
                return true;
            }
        }

        return false;
    }

    private static string Size(long bytes) => bytes < 1024 ? $"{bytes} bytes" : bytes < 1024 * 1024 ? $"{bytes / 1024} KB" : $"{bytes / (1024 * 1024)} MB";

    private void Note(string text)
    {
        if (interactive)
        {
            _console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }

    private void Problem(string text)
    {
        if (interactive)
        {
            _console.MarkupLine($"[red]{Markup.Escape(text)}[/]");
        }
        else
        {
            Console.Error.WriteLine($"warbler: {text}");
        }
    }
}
