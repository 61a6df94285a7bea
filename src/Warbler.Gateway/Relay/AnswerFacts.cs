using System.Text.Json;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Relay;

/// <summary>
/// What the gateway reads of an answer or stream chunk as it passes: the model that answered, the
/// <c>usage</c> object, and whether <c>choices</c> is empty (a stream's usage-only chunk). One
/// forward pass with <see cref="Utf8JsonReader"/>; everything else is skipped. A Responses stream
/// event carries them inside its <c>response</c> object (<c>response.created</c>, <c>response.completed</c>).
/// </summary>
internal readonly record struct AnswerFacts(string? Model, TokenUsage? Usage, bool ChoicesEmpty)
{
    public static AnswerFacts Read(ReadOnlySpan<byte> json)
    {
        string? model = null;
        TokenUsage? usage = null;
        var choicesEmpty = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            ReadObject(ref reader, ref model, ref usage, ref choicesEmpty);
        }
        catch (JsonException)
        {
            // Not ours to judge: the bytes are relayed as they are.
        }

        return new AnswerFacts(model, usage, choicesEmpty);
    }

    private static void ReadObject(ref Utf8JsonReader reader, ref string? model, ref TokenUsage? usage, ref bool choicesEmpty)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadObject(ref reader, ref model, ref usage, ref choicesEmpty);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = reader.TokenType == JsonTokenType.StartObject ? TokenUsage.Read(ref reader) : null;
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                var probe = reader;
                choicesEmpty = probe.TokenType == JsonTokenType.StartArray && probe.Read() && probe.TokenType == JsonTokenType.EndArray;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
