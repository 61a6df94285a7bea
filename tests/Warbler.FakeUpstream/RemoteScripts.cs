using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warbler.FakeUpstream;

/// <summary>
/// Scripting over HTTP, for tests in another process (the Node.js SDK tests): <c>POST /_fake/next</c>
/// with <c>{"text":…}</c> or <c>{"toolCall":{"name":…,"arguments":…}}</c> queues the next chat
/// answer, played whole or streamed as its request asks; <c>GET /_fake/last</c> gives the body of
/// the last request answered.
/// </summary>
internal sealed class RemoteScripts
{
    public const string Prefix = "/_fake/";

    private readonly ConcurrentQueue<JsonObject> _next = new();
    private volatile string _last = "{}";

    public void Clear() => _next.Clear();

    /// <summary>Remembers the last answered request's body.</summary>
    public void Received(string body) => _last = body;

    public async Task HandleAsync(HttpContext context, string body)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method) && path == $"{Prefix}next" && TryParse(body) is { } answer
            && (answer["text"] is JsonValue || answer["toolCall"]?["name"] is JsonValue))
        {
            _next.Enqueue(answer);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && path == $"{Prefix}last")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(_last, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync("POST /_fake/next {\"text\":…} or {\"toolCall\":{\"name\":…,\"arguments\":…}}, or GET /_fake/last.", context.RequestAborted);
    }

    /// <summary>Plays the next queued answer, if one is queued.</summary>
    public async Task<bool> TryPlayAsync(HttpContext context, string body)
    {
        if (!_next.TryDequeue(out var answer))
        {
            return false;
        }

        var request = TryParse(body) ?? [];
        var model = request["model"]?.GetValueKind() == JsonValueKind.String ? request["model"]!.GetValue<string>() : "fake-model";
        var stream = request["stream"]?.GetValueKind() == JsonValueKind.True;
        var includeUsage = request["stream_options"]?["include_usage"]?.GetValueKind() == JsonValueKind.True;
        var toolCall = answer["toolCall"] is JsonObject call
            ? (Name: call["name"]!.GetValue<string>(), Arguments: call["arguments"]?.GetValue<string>() ?? "{}")
            : default((string Name, string Arguments)?);
        var text = answer["text"]?.GetValue<string>() ?? "";
        var finish = toolCall is null ? "stop" : "tool_calls";
        var usage = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 7, ["total_tokens"] = 18 };

        if (!stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = toolCall is null ? text : null };
            if (toolCall is { } whole)
            {
                message["tool_calls"] = new JsonArray(ToolCall(whole.Name, whole.Arguments, index: null));
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Completion(model, "chat.completion", new JsonObject
            {
                ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish,
            }, usage).ToJsonString(), context.RequestAborted);
            return true;
        }

        context.Response.ContentType = "text/event-stream";
        var deltas = new List<JsonObject>();
        if (toolCall is { } streamed)
        {
            var first = ToolCall(streamed.Name, "", index: 0);
            deltas.Add(new JsonObject { ["role"] = "assistant", ["tool_calls"] = new JsonArray(first) });
            foreach (var piece in Pieces(streamed.Arguments))
            {
                deltas.Add(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }) });
            }
        }
        else
        {
            deltas.Add(new JsonObject { ["role"] = "assistant", ["content"] = "" });
            deltas.AddRange(Pieces(text).Select(piece => new JsonObject { ["content"] = piece }));
        }

        foreach (var delta in deltas)
        {
            await WriteEventAsync(context, Chunk(model, delta, null).ToJsonString());
        }

        await WriteEventAsync(context, Chunk(model, [], finish).ToJsonString());
        if (includeUsage)
        {
            var last = Completion(model, "chat.completion.chunk", null, usage);
            await WriteEventAsync(context, last.ToJsonString());
        }

        await WriteEventAsync(context, "[DONE]");
        return true;
    }

    private static JsonObject ToolCall(string name, string arguments, int? index)
    {
        var call = new JsonObject();
        if (index is { } i)
        {
            call["index"] = i;
        }

        call["id"] = "call_fake_1";
        call["type"] = "function";
        call["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments };
        return call;
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finish) =>
        Completion(model, "chat.completion.chunk", new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }, null);

    private static JsonObject Completion(string model, string kind, JsonObject? choice, JsonObject? usage) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = kind,
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
        ["usage"] = usage?.DeepClone(),
    };

    /// <summary>The text in four pieces or fewer, so a stream has several deltas.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / 4.0));
        for (var start = 0; start < text.Length; start += size)
        {
            yield return text.Substring(start, Math.Min(size, text.Length - start));
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
