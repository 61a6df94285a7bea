using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Writes the <c>response</c> object of a translated answer, as OpenAI writes it: its id, status,
/// output items and usage, and the request's settings echoed back (defaults where it left them out).
/// </summary>
internal sealed class ResponseObject(ResponsesRequest request, string id, long createdAt)
{
    public string Id { get; } = id;

    public long CreatedAt { get; } = createdAt;

    /// <summary>
    /// Writes the object with <paramref name="status"/> (<c>in_progress</c>, <c>completed</c>,
    /// <c>incomplete</c> with its reason, or <c>failed</c> with its error), the model that answered,
    /// the output items so far and the usage once known.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer, string status, string model, IReadOnlyList<OutputItem> output, TokenUsage? usage, string? incompleteReason = null, string? error = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", CreatedAt);
        writer.WriteString("status", status);
        writer.WriteBoolean("background", false);
        if (error is null)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", "server_error");
            writer.WriteString("message", error);
            writer.WriteEndObject();
        }

        if (incompleteReason is null)
        {
            writer.WriteNull("incomplete_details");
        }
        else
        {
            writer.WriteStartObject("incomplete_details");
            writer.WriteString("reason", incompleteReason);
            writer.WriteEndObject();
        }

        Echo(writer, "instructions", null);
        Echo(writer, "max_output_tokens", null);
        writer.WriteString("model", model);
        writer.WriteStartArray("output");
        foreach (var item in output)
        {
            item.WriteTo(writer, done: true);
        }

        writer.WriteEndArray();
        Echo(writer, "parallel_tool_calls", JsonValue.Create(true));
        Echo(writer, "previous_response_id", null);
        writer.WriteStartObject("reasoning");
        var reasoning = request["reasoning"] as JsonObject;
        WriteNode(writer, "effort", reasoning?["effort"]);
        WriteNode(writer, "summary", reasoning?["summary"]);
        writer.WriteEndObject();
        Echo(writer, "store", JsonValue.Create(true));
        Echo(writer, "temperature", JsonValue.Create(1.0));
        writer.WriteStartObject("text");
        var text = request["text"] as JsonObject;
        if (text?["format"] is JsonObject format)
        {
            writer.WritePropertyName("format");
            format.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject("format");
            writer.WriteString("type", "text");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        Echo(writer, "tool_choice", JsonValue.Create("auto"));
        Echo(writer, "tools", new JsonArray());
        Echo(writer, "top_p", JsonValue.Create(1.0));
        writer.WriteString("truncation", "disabled");
        if (usage is null)
        {
            writer.WriteNull("usage");
        }
        else
        {
            WriteUsage(writer, usage);
        }

        Echo(writer, "user", null);
        Echo(writer, "metadata", new JsonObject());
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.PromptTokens);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", usage.CachedTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", usage.CompletionTokens);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }

    /// <summary>The request's own value of a setting, or what OpenAI answers when it is left out.</summary>
    private void Echo(Utf8JsonWriter writer, string name, JsonNode? fallback)
    {
        var value = request[name];
        WriteNode(writer, name, value is null || value.GetValueKind() == JsonValueKind.Null ? fallback : value);
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, JsonNode? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
