using System.Text.Json;

namespace Warbler.FakeUpstream;

/// <summary>A fake answer of the Responses API (<c>/v1/responses</c>), whole or as its named stream events, as OpenAI sends them.</summary>
internal sealed class FakeResponsesAnswer(string model, UpstreamScript script)
{
    /// <summary>The prefix of this fake's response ids; each answer has its own, as OpenAI's have.</summary>
    public const string ResponseIdPrefix = "resp_fake_native";
    private const long Created = 1_700_000_000;
    private const string ItemId = "msg_fake_native";
    private readonly string _responseId = $"{ResponseIdPrefix}_{Guid.NewGuid():N}";
    private int _sequence;

    private object Usage => new
    {
        input_tokens = script.PromptTokens,
        input_tokens_details = new { cached_tokens = script.CachedTokens },
        output_tokens = script.CompletionTokens,
        output_tokens_details = new { reasoning_tokens = 0 },
        total_tokens = script.PromptTokens + script.CompletionTokens,
    };

    public string Whole() => JsonSerializer.Serialize(Response("completed", [Item(done: true)], Usage));

    /// <summary>The events, each as <c>(event name, data)</c>.</summary>
    public List<(string Name, string Data)> Events()
    {
        var events = new List<(string, string)>
        {
            Event("response.created", new { response = Response("in_progress", [], null) }),
            Event("response.in_progress", new { response = Response("in_progress", [], null) }),
            Event("response.output_item.added", new { output_index = 0, item = Item(done: false) }),
        };
        var pieces = script.ToolName is null ? Split(script.Text, Math.Max(1, script.Chunks)) : Split(script.ToolArguments, Math.Max(1, script.Chunks));
        if (script.ToolName is null)
        {
            events.Add(Event("response.content_part.added", new { item_id = ItemId, output_index = 0, content_index = 0, part = Part("") }));
            events.AddRange(pieces.Select(piece => Event("response.output_text.delta", new { item_id = ItemId, output_index = 0, content_index = 0, delta = piece, logprobs = Array.Empty<object>() })));
            events.Add(Event("response.output_text.done", new { item_id = ItemId, output_index = 0, content_index = 0, text = script.Text, logprobs = Array.Empty<object>() }));
            events.Add(Event("response.content_part.done", new { item_id = ItemId, output_index = 0, content_index = 0, part = Part(script.Text) }));
        }
        else
        {
            events.AddRange(pieces.Select(piece => Event("response.function_call_arguments.delta", new { item_id = ItemId, output_index = 0, delta = piece })));
            events.Add(Event("response.function_call_arguments.done", new { item_id = ItemId, output_index = 0, name = script.ToolName, arguments = script.ToolArguments }));
        }

        events.Add(Event("response.output_item.done", new { output_index = 0, item = Item(done: true) }));
        events.Add(Event("response.completed", new { response = Response("completed", [Item(done: true)], script.SendsUsage ? Usage : null) }));
        return events;
    }

    private (string, string) Event(string type, object fields)
    {
        var data = JsonSerializer.SerializeToNode(fields)!.AsObject();
        data.Insert(0, "type", type);
        data.Insert(1, "sequence_number", _sequence++);
        return (type, data.ToJsonString());
    }

    private object Response(string status, object[] output, object? usage) => new
    {
        id = _responseId,
        @object = "response",
        created_at = Created,
        status,
        error = (object?)null,
        incomplete_details = (object?)null,
        model,
        output,
        parallel_tool_calls = true,
        tool_choice = "auto",
        tools = Array.Empty<object>(),
        usage,
    };

    private object Item(bool done) => script.ToolName is { } name
        ? new { id = ItemId, type = "function_call", status = done ? "completed" : "in_progress", arguments = done ? script.ToolArguments : "", call_id = UpstreamScript.ToolCallId, name }
        : new { id = ItemId, type = "message", status = done ? "completed" : "in_progress", content = done ? new[] { Part(script.Text) } : [], role = "assistant" };

    private static object Part(string text) => new { type = "output_text", annotations = Array.Empty<object>(), logprobs = Array.Empty<object>(), text };

    private static List<string> Split(string text, int count)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)count));
        var pieces = new List<string>();
        for (var start = 0; start < text.Length; start += size)
        {
            pieces.Add(text.Substring(start, Math.Min(size, text.Length - start)));
        }

        return pieces;
    }
}
