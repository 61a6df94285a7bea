using System.Text.Json;

namespace Warbler.Gateway.Providers;

/// <summary>One demo answer, written whole or as stream chunks in OpenAI's shapes.</summary>
internal sealed record DemoCompletion(string Id, long Created, string Model, List<string> Words, string FinishReason, int PromptTokens)
{
    /// <summary>When set, the answer calls this function, its arguments the one "word".</summary>
    public DemoToolCall? ToolCall { get; init; }

    public void WriteWhole(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        if (ToolCall is { } call)
        {
            writer.WriteNull("content");
            WriteToolCall(writer, call, call.Arguments, header: true);
        }
        else
        {
            writer.WriteString("content", string.Concat(Words));
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer);
        writer.WriteEndObject();
    }

    /// <summary>Chunk -1 opens with the role, chunks 0..n-1 carry words, chunk n carries the finish reason.</summary>
    public void WriteChunk(Utf8JsonWriter writer, int index)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (ToolCall is { } call && index < Words.Count)
        {
            if (index < 0)
            {
                writer.WriteString("role", "assistant");
                writer.WriteNull("content");
            }

            WriteToolCall(writer, call, index < 0 ? "" : Words[index], header: index < 0);
        }
        else if (index < 0)
        {
            writer.WriteString("role", "assistant");
            writer.WriteString("content", "");
        }
        else if (index < Words.Count)
        {
            writer.WriteString("content", Words[index]);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (index >= Words.Count)
        {
            writer.WriteString("finish_reason", FinishReason);
        }
        else
        {
            writer.WriteNull("finish_reason");
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public void WriteUsageChunk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteUsage(writer);
        writer.WriteEndObject();
    }

    /// <summary><c>tool_calls</c> with one call: its id, type and name with the first piece (<paramref name="header"/>), then only arguments.</summary>
    private static void WriteToolCall(Utf8JsonWriter writer, DemoToolCall call, string arguments, bool header)
    {
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        if (header)
        {
            writer.WriteString("id", call.Id);
            writer.WriteString("type", "function");
        }

        writer.WriteStartObject("function");
        if (header)
        {
            writer.WriteString("name", call.Name);
        }

        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private void WriteHeader(Utf8JsonWriter writer, string objectType)
    {
        writer.WriteString("id", Id);
        writer.WriteString("object", objectType);
        writer.WriteNumber("created", Created);
        writer.WriteString("model", Model);
    }

    private void WriteUsage(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", PromptTokens);
        writer.WriteNumber("completion_tokens", Words.Count);
        writer.WriteNumber("total_tokens", PromptTokens + Words.Count);
        writer.WriteEndObject();
    }
}
