using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Messages;

/// <summary>
/// Reads an Anthropic Messages answer relayed as it is: a whole message's <c>model</c> and <c>usage</c>,
/// or a stream's <c>message_start.message</c> (model, input and cache counts) then <c>message_delta.usage</c>
/// (running totals; newer API versions repeat the input and cache counts there). Anthropic's
/// <c>input_tokens</c> leave out cache reads and writes, which Warbler's prompt tokens include.
/// Only events that carry <c>"usage"</c> are parsed, once each.
/// </summary>
internal sealed class MessagesAnswerDialect : IAnswerDialect
{
    private int? _input;
    private int? _output;
    private int? _cacheRead;
    private int? _cacheWrite;
    private bool _sawFirstEvent;

    private static ReadOnlySpan<byte> UsageMarker => "\"usage\""u8;

    public AnswerFacts ReadWhole(ReadOnlySpan<byte> json)
    {
        var (model, usage) = Read(json);
        return new AnswerFacts(model, usage ? Usage() : null, ChoicesEmpty: false);
    }

    public void ReadEvent(ReadOnlySpan<byte> json, GatewayCall call)
    {
        // The first event (message_start) names the model; after it, only events with usage matter.
        if (_sawFirstEvent && json.IndexOf(UsageMarker) < 0)
        {
            return;
        }

        _sawFirstEvent = true;
        var (model, final) = Read(json);
        if (model is not null)
        {
            call.AnsweredModel = model;
        }

        if (final)
        {
            call.Usage = Usage();
        }
    }

    /// <summary>A stream cut short keeps the estimate of its answer, but its prompt as <c>message_start</c> counted it.</summary>
    public void AmendEstimate(GatewayCall call)
    {
        if (_input is null || call.Usage is not { } estimate)
        {
            return;
        }

        var cacheRead = _cacheRead ?? 0;
        var cacheWrite = _cacheWrite ?? 0;
        var prompt = _input.Value + cacheRead + cacheWrite;
        var completion = Math.Max(estimate.CompletionTokens, _output ?? 0);
        call.Usage = new TokenUsage(prompt, completion, prompt + completion, cacheRead) { CacheWriteTokens = cacheWrite };
    }

    /// <summary>Anthropic's stream error event.</summary>
    public void WriteError(string message, IBufferWriter<byte> output)
    {
        output.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", "api_error");
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    /// <summary>Warbler's counts: the prompt with its cache reads and writes, which are also counted apart.</summary>
    private TokenUsage Usage()
    {
        var cacheRead = _cacheRead ?? 0;
        var cacheWrite = _cacheWrite ?? 0;
        var prompt = (_input ?? 0) + cacheRead + cacheWrite;
        var completion = _output ?? 0;
        return new TokenUsage(prompt, completion, prompt + completion, cacheRead) { CacheWriteTokens = cacheWrite };
    }

    /// <summary>
    /// The model, and whether a top-level <c>usage</c> was read (a whole message's, or
    /// <c>message_delta</c>'s: the final counts); a <c>message</c> object (<c>message_start</c>) is read for its model and first counts.
    /// </summary>
    private (string? Model, bool TopLevelUsage) Read(ReadOnlySpan<byte> json)
    {
        string? model = null;
        var topLevelUsage = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadMessage(ref reader, ref model);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : model;
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    topLevelUsage = reader.TokenType == JsonTokenType.StartObject && ReadUsage(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not ours to judge: the bytes are relayed as they are.
        }

        return (model, topLevelUsage);
    }

    /// <summary>The <c>message</c> of <c>message_start</c>; the reader is on its start and is left on its end.</summary>
    private void ReadMessage(ref Utf8JsonReader reader, ref string? model)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.TokenType == JsonTokenType.String ? reader.GetString() : model;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadUsage(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Takes the counts a <c>usage</c> object gives; later ones replace earlier ones, as they are running totals. True once read.</summary>
    private bool ReadUsage(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                _input = ReadCount(ref reader) ?? _input;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                _output = ReadCount(ref reader) ?? _output;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                _cacheRead = ReadCount(ref reader) ?? _cacheRead;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                _cacheWrite = ReadCount(ref reader) ?? _cacheWrite;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    /// <summary>A count, or null when it is not a whole number (Anthropic sends null for counts it does not report).</summary>
    private static int? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value >= 0)
        {
            return value;
        }

        reader.Skip();
        return null;
    }
}
