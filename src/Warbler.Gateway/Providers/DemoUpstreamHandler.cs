using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Providers;

/// <summary>
/// An in-process stand-in for an OpenAI upstream, so Warbler can be tried without any key. It
/// answers <c>/models</c> and <c>/chat/completions</c> (plain and streamed) for any model with a
/// short reply that first says it is the offline demo standing in for that model, then quotes the
/// question (and names the images it was sent, <see cref="DemoImages"/>); tokens are counted as words. Embeddings, images, audio and moderations are <see cref="DemoMedia"/>'s.
/// </summary>
internal sealed class DemoUpstreamHandler(DemoOptions options, TimeProvider time) : HttpMessageHandler
{
    private const int MaxQuotedLength = 400;

    private const int MaxModelLength = 100;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.Method == HttpMethod.Get && path.EndsWith("/models", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("object", "list");
                writer.WriteStartArray("data");
                writer.WriteStartObject();
                writer.WriteString("id", DemoProvider.Model);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", DemoProvider.Created);
                writer.WriteString("owned_by", DemoProvider.Owner);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        if (request.Method == HttpMethod.Post && request.Content is not null && DemoMedia.Handles(path))
        {
            return await DemoMedia.AnswerAsync(path, request.Content, time, cancellationToken);
        }

        if (request.Method != HttpMethod.Post || !path.EndsWith("/chat/completions", StringComparison.Ordinal) || request.Content is null)
        {
            return Json(HttpStatusCode.NotFound, writer => WriteError(writer, "The demo provider serves only /models and /chat/completions."));
        }

        using var document = JsonDocument.Parse(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        var demoRequest = DemoRequest.From(document.RootElement);
        var callId = $"call_demo{time.GetUtcNow().ToUnixTimeMilliseconds()}";
        var toolCall = DemoToolMatch.ChooseCalculator(document.RootElement, demoRequest.Question, demoRequest.LastRole, callId)
            ?? DemoToolCall.Choose(document.RootElement, demoRequest.Question, demoRequest.LastRole, callId)
            ?? DemoToolMatch.ChooseClock(document.RootElement, demoRequest.Question, demoRequest.LastRole, callId);
        var reply = demoRequest.LastRole == "tool"
            ? $"{Banner(demoRequest.Model)} The tool answered: \"{Quote(demoRequest.LastText)}\"."
            : DemoKnowledgeAnswer.From(demoRequest.Instructions, demoRequest.Question) is { } fromPassages
                ? $"{Banner(demoRequest.Model)} {fromPassages}"
                : Reply(demoRequest.Model, demoRequest.Question);
        if (demoRequest.LastRole == "user" && DemoImages.InLastUserMessage(document.RootElement) is { Count: > 0 } images)
        {
            reply = $"{Banner(demoRequest.Model)} I was sent {string.Join(", ", images)}. You said: \"{Quote(demoRequest.Question)}\".";
        }

        var words = toolCall is null ? SplitWords(reply) : [toolCall.Arguments];
        var finishReason = toolCall is null ? "stop" : "tool_calls";
        if (demoRequest.MaxTokens is { } max && max < words.Count)
        {
            words = words.GetRange(0, max);
            finishReason = "length";
        }

        var completion = new DemoCompletion(
            $"chatcmpl-demo{time.GetUtcNow().ToUnixTimeMilliseconds()}",
            time.GetUtcNow().ToUnixTimeSeconds(),
            demoRequest.Model,
            words,
            finishReason,
            demoRequest.PromptTokens)
        {
            ToolCall = toolCall,
        };

        if (!demoRequest.Stream)
        {
            return Json(HttpStatusCode.OK, completion.WriteWhole);
        }

        var pipe = new Pipe();
        _ = StreamAsync(pipe.Writer, completion, demoRequest.IncludeUsage);
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return response;
    }

    /// <summary>Writes the chunks with a pause between words; stops when the reader goes away.</summary>
    private async Task StreamAsync(PipeWriter output, DemoCompletion completion, bool includeUsage)
    {
        try
        {
            for (var index = -1; index <= completion.Words.Count; index++)
            {
                WriteEvent(output, writer => completion.WriteChunk(writer, index));
                if ((await output.FlushAsync()).IsCompleted)
                {
                    return;
                }

                if (index >= 0 && index < completion.Words.Count)
                {
                    await Task.Delay(options.ChunkDelay, time);
                }
            }

            if (includeUsage)
            {
                WriteEvent(output, completion.WriteUsageChunk);
            }

            output.Write("data: [DONE]\n\n"u8);
            await output.FlushAsync();
        }
        finally
        {
            await output.CompleteAsync();
        }
    }

    private static void WriteEvent(PipeWriter output, Action<Utf8JsonWriter> write)
    {
        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            write(writer);
        }

        output.Write("\n\n"u8);
    }

    /// <summary>The answer: first what it is (so nobody mistakes it for the model asked for), then the question quoted.</summary>
    internal static string Reply(string model, string question)
    {
        return $"{Banner(model)} You said: \"{Quote(question)}\". I can only repeat you. " +
            "Set OPENAI_API_KEY, or add a provider under Providers, to talk to a real model.";
    }

    private static string Banner(string model) => model == DemoProvider.Model
        ? "[Offline demo: no provider is configured.]"
        : $"[Offline demo standing in for {Shorten(model)}: no provider is configured.]";

    private static string Quote(string text) =>
        text.Length > MaxQuotedLength ? string.Concat(text.AsSpan(0, MaxQuotedLength), "…") : text;

    private static string Shorten(string model) =>
        model.Length > MaxModelLength ? string.Concat(model.AsSpan(0, MaxModelLength), "…") : model;

    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var parts = text.Split(' ');
        for (var i = 0; i < parts.Length; i++)
        {
            words.Add(i == 0 ? parts[i] : " " + parts[i]);
        }

        return words;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            write(writer);
        }

        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(buffer.ToArray()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }

    private static void WriteError(Utf8JsonWriter writer, string message)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", "invalid_request_error");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>What the demo needs from a chat request.</summary>
    private sealed record DemoRequest(string Model, string Question, bool Stream, bool IncludeUsage, int? MaxTokens, int PromptTokens)
    {
        /// <summary>Who sent the last message (<c>tool</c> once a called function has answered), and its text.</summary>
        public string LastRole { get; init; } = "";

        public string LastText { get; init; } = "";

        /// <summary>The text of the system messages, where retrieved passages are.</summary>
        public string Instructions { get; init; } = "";

        public static DemoRequest From(JsonElement root)
        {
            var question = "";
            var promptTokens = 0;
            var lastRole = "";
            var lastText = "";
            var instructions = new StringBuilder();
            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    var text = TextOf(message);
                    promptTokens += CountWords(text);
                    lastRole = message.TryGetProperty("role", out var sender) && sender.ValueKind == JsonValueKind.String ? sender.GetString()! : "";
                    lastText = text;
                    if (message.TryGetProperty("role", out var role) && role.ValueEquals("user"))
                    {
                        question = text;
                    }
                    else if (role.ValueKind == JsonValueKind.String && (role.ValueEquals("system") || role.ValueEquals("developer")))
                    {
                        instructions.Append(text).Append('\n');
                    }
                }
            }

            int? maxTokens = null;
            foreach (var name in (string[])["max_completion_tokens", "max_tokens"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    maxTokens = value.GetInt32();
                }
            }

            return new DemoRequest(
                root.TryGetProperty("model", out var model) ? model.GetString() ?? DemoProvider.Model : DemoProvider.Model,
                question,
                root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
                root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object
                    && streamOptions.TryGetProperty("include_usage", out var includeUsage) && includeUsage.ValueKind == JsonValueKind.True,
                maxTokens,
                promptTokens)
            {
                LastRole = lastRole,
                LastText = lastText,
                Instructions = instructions.ToString(),
            };
        }

        /// <summary>The text of a message: a string, or the text parts of a content array.</summary>
        private static string TextOf(JsonElement message)
        {
            if (!message.TryGetProperty("content", out var content))
            {
                return "";
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                return content.GetString() ?? "";
            }

            var text = new StringBuilder();
            if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        text.Append(text.Length > 0 ? " " : "").Append(partText.GetString());
                    }
                }
            }

            return text.ToString();
        }

        private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
