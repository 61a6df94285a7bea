using System.Text.Json;

namespace Warbler.Gateway.Responses;

/// <summary>One item of a response's <c>output</c>: an assistant message or a function call.</summary>
internal sealed class OutputItem(string id, bool isFunctionCall)
{
    public string Id { get; } = id;

    public bool IsFunctionCall { get; } = isFunctionCall;

    /// <summary>The message's text, or the call's arguments.</summary>
    public System.Text.StringBuilder Text { get; } = new();

    public bool Refusal { get; init; }

    public string? CallId { get; init; }

    public string? Name { get; init; }

    public static OutputItem Message(string? text = null, bool refusal = false)
    {
        var item = new OutputItem(ResponseIds.New("msg_"), false) { Refusal = refusal };
        item.Text.Append(text);
        return item;
    }

    public static OutputItem FunctionCall(string callId, string name, string? arguments = null)
    {
        var item = new OutputItem(ResponseIds.New("fc_"), true) { CallId = callId, Name = name };
        item.Text.Append(arguments);
        return item;
    }

    /// <summary>The item as <c>response.output</c> and the item events show it; an open message has no content yet.</summary>
    public void WriteTo(Utf8JsonWriter writer, bool done)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        if (IsFunctionCall)
        {
            writer.WriteString("type", "function_call");
            writer.WriteString("status", done ? "completed" : "in_progress");
            writer.WriteString("arguments", done ? Text.ToString() : "");
            writer.WriteString("call_id", CallId);
            writer.WriteString("name", Name);
        }
        else
        {
            writer.WriteString("type", "message");
            writer.WriteString("status", done ? "completed" : "in_progress");
            writer.WriteStartArray("content");
            if (done)
            {
                WritePart(writer, Text.ToString());
            }

            writer.WriteEndArray();
            writer.WriteString("role", "assistant");
        }

        writer.WriteEndObject();
    }

    /// <summary>The message's one content part: <c>output_text</c>, or <c>refusal</c>.</summary>
    public void WritePart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        if (Refusal)
        {
            writer.WriteString("type", "refusal");
            writer.WriteString("refusal", text);
        }
        else
        {
            writer.WriteString("type", "output_text");
            writer.WriteStartArray("annotations");
            writer.WriteEndArray();
            writer.WriteStartArray("logprobs");
            writer.WriteEndArray();
            writer.WriteString("text", text);
        }

        writer.WriteEndObject();
    }
}
