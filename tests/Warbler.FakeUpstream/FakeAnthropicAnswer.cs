using System.Text.Json;

namespace Warbler.FakeUpstream;

/// <summary>The JSON of one fake Anthropic Messages answer, whole or as its event stream.</summary>
internal sealed class FakeAnthropicAnswer(string model, UpstreamScript script)
{
    private const string Id = "msg_fake";

    private object Usage(int outputTokens) => new
    {
        input_tokens = script.PromptTokens,
        cache_creation_input_tokens = script.CacheWriteTokens,
        cache_read_input_tokens = script.CachedTokens,
        output_tokens = outputTokens,
    };

    private string StopReason => script.ToolName is not null ? "tool_use" : script.StopSequence is not null ? "stop_sequence" : "end_turn";

    public string Whole()
    {
        var content = new List<object>();
        if (script.Text.Length > 0)
        {
            content.Add(new { type = "text", text = script.Text });
        }

        if (script.ToolName is { } toolName)
        {
            content.Add(new { type = "tool_use", id = UpstreamScript.ToolCallId, name = toolName, input = JsonDocument.Parse(script.ToolArguments).RootElement });
        }

        return JsonSerializer.Serialize(new
        {
            id = Id,
            type = "message",
            role = "assistant",
            model,
            content,
            stop_reason = StopReason,
            stop_sequence = script.StopSequence,
            usage = Usage(script.CompletionTokens),
        });
    }

    /// <summary>message_start, the text in <see cref="UpstreamScript.Chunks"/> deltas, the tool call's arguments in two pieces, message_delta, message_stop.</summary>
    public List<(string Name, string Data)> Events()
    {
        var events = new List<(string, string)>
        {
            ("message_start", JsonSerializer.Serialize(new
            {
                type = "message_start",
                message = new { id = Id, type = "message", role = "assistant", model, content = Array.Empty<object>(), stop_reason = (string?)null, usage = Usage(1) },
            })),
            ("ping", """{"type":"ping"}"""),
        };
        var index = 0;
        if (script.Text.Length > 0)
        {
            events.Add(("content_block_start", JsonSerializer.Serialize(new { type = "content_block_start", index, content_block = new { type = "text", text = "" } })));
            var size = (int)Math.Ceiling(script.Text.Length / (double)Math.Max(1, script.Chunks));
            for (var start = 0; start < script.Text.Length; start += size)
            {
                var piece = script.Text.Substring(start, Math.Min(size, script.Text.Length - start));
                events.Add(("content_block_delta", JsonSerializer.Serialize(new { type = "content_block_delta", index, delta = new { type = "text_delta", text = piece } })));
            }

            events.Add(("content_block_stop", JsonSerializer.Serialize(new { type = "content_block_stop", index })));
            index++;
        }

        if (script.ToolName is { } toolName)
        {
            events.Add(("content_block_start", JsonSerializer.Serialize(new
            {
                type = "content_block_start",
                index,
                content_block = new { type = "tool_use", id = UpstreamScript.ToolCallId, name = toolName, input = new { } },
            })));
            var half = script.ToolArguments.Length / 2;
            foreach (var piece in (string[])[script.ToolArguments[..half], script.ToolArguments[half..]])
            {
                events.Add(("content_block_delta", JsonSerializer.Serialize(new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = piece } })));
            }

            events.Add(("content_block_stop", JsonSerializer.Serialize(new { type = "content_block_stop", index })));
        }

        events.Add(("message_delta", JsonSerializer.Serialize(new
        {
            type = "message_delta",
            delta = new { stop_reason = StopReason, stop_sequence = script.StopSequence },
            usage = script.DeltaRepeatsInput ? Usage(script.CompletionTokens) : new { output_tokens = script.CompletionTokens },
        })));
        events.Add(("message_stop", """{"type":"message_stop"}"""));
        return events;
    }

    /// <summary>What <c>/v1/messages/count_tokens</c> answers: the script's prompt tokens.</summary>
    public string Count() => JsonSerializer.Serialize(new { input_tokens = script.PromptTokens });

    public static string ModelList(IEnumerable<string> models) => JsonSerializer.Serialize(new
    {
        data = models.Select(id => new { type = "model", id, display_name = id, created_at = "2025-02-19T00:00:00Z" }),
        has_more = false,
    });
}
