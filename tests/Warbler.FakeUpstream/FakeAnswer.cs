using System.Text.Json;

namespace Warbler.FakeUpstream;

/// <summary>The JSON of one fake answer, whole or as stream chunks, in OpenAI's shapes.</summary>
internal sealed class FakeAnswer(string model, UpstreamScript script, bool legacy)
{
    private const long Created = 1_700_000_000;
    private readonly string _id = legacy ? "cmpl-fake" : "chatcmpl-fake";

    private object Usage => script.CachedTokens > 0
        ? new
        {
            prompt_tokens = script.PromptTokens,
            completion_tokens = script.CompletionTokens,
            total_tokens = script.PromptTokens + script.CompletionTokens,
            prompt_tokens_details = new { cached_tokens = script.CachedTokens },
        }
        : new
        {
            prompt_tokens = script.PromptTokens,
            completion_tokens = script.CompletionTokens,
            total_tokens = script.PromptTokens + script.CompletionTokens,
        };

    public string Whole() => JsonSerializer.Serialize(legacy
        ? new
        {
            id = _id,
            @object = "text_completion",
            created = Created,
            model,
            choices = new object[] { new { text = script.Text, index = 0, logprobs = (object?)null, finish_reason = "stop" } },
            usage = Usage,
        }
        : (object)new
        {
            id = _id,
            @object = "chat.completion",
            created = Created,
            model,
            choices = new object[] { ChatChoice() },
            usage = Usage,
        });

    private object ChatChoice() => script.ToolName is { } name
        ? new
        {
            index = 0,
            message = new
            {
                role = "assistant",
                content = script.Text.Length == 0 ? null : script.Text,
                tool_calls = new object[] { new { id = UpstreamScript.ToolCallId, type = "function", function = new { name, arguments = script.ToolArguments } } },
            },
            logprobs = (object?)null,
            finish_reason = "tool_calls",
        }
        : new { index = 0, message = new { role = "assistant", content = script.Text }, logprobs = (object?)null, finish_reason = "stop" };

    /// <summary>The text cut into <see cref="UpstreamScript.Chunks"/> pieces, the last carrying the finish reason.</summary>
    public List<string> Chunks()
    {
        if (!legacy && script.ToolName is not null)
        {
            return ToolCallChunks();
        }

        var pieces = Split(script.Text, Math.Max(1, script.Chunks));
        var chunks = new List<string>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var last = i == pieces.Count - 1;
            chunks.Add(legacy
                ? JsonSerializer.Serialize(new
                {
                    id = _id,
                    @object = "text_completion",
                    created = Created,
                    model,
                    choices = new object[] { new { text = pieces[i], index = 0, logprobs = (object?)null, finish_reason = last ? "stop" : null } },
                })
                : JsonSerializer.Serialize(new
                {
                    id = _id,
                    @object = "chat.completion.chunk",
                    created = Created,
                    model,
                    choices = new object[] { new { index = 0, delta = new { content = pieces[i] }, logprobs = (object?)null, finish_reason = last ? "stop" : null } },
                    usage = (object?)null,
                }));
        }

        return chunks;
    }

    /// <summary>A tool call as OpenAI streams it: the id and name first, then the arguments in pieces.</summary>
    private List<string> ToolCallChunks()
    {
        var chunks = new List<string>
        {
            ChatChunk(new { role = "assistant", content = (string?)null, tool_calls = new object[] { new { index = 0, id = UpstreamScript.ToolCallId, type = "function", function = new { name = script.ToolName, arguments = "" } } } }, null),
        };
        foreach (var piece in Split(script.ToolArguments, Math.Max(1, script.Chunks)))
        {
            chunks.Add(ChatChunk(new { tool_calls = new object[] { new { index = 0, function = new { arguments = piece } } } }, null));
        }

        chunks.Add(ChatChunk(new { }, "tool_calls"));
        return chunks;
    }

    private string ChatChunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = _id,
        @object = "chat.completion.chunk",
        created = Created,
        model,
        choices = new object[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        usage = (object?)null,
    });

    public string UsageChunk() => JsonSerializer.Serialize(new
    {
        id = _id,
        @object = legacy ? "text_completion" : "chat.completion.chunk",
        created = Created,
        model,
        choices = Array.Empty<object>(),
        usage = Usage,
    });

    private static List<string> Split(string text, int count)
    {
        var pieces = new List<string>();
        var size = (int)Math.Ceiling(text.Length / (double)count);
        for (var start = 0; start < text.Length; start += Math.Max(1, size))
        {
            pieces.Add(text.Substring(start, Math.Min(Math.Max(1, size), text.Length - start)));
        }

        return pieces.Count == 0 ? [""] : pieces;
    }
}
