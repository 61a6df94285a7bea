using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Media;

/// <summary>
/// What a media answer used: the tokens when the upstream reports them (gpt-image and gpt-4o-transcribe
/// do, as <c>input_tokens</c>/<c>output_tokens</c>), else the images made, or the seconds of audio
/// (<c>usage.seconds</c>, verbose_json's <c>duration</c>, the last cue of srt/vtt, or the uploaded WAV's length).
/// </summary>
internal static partial class MediaUsage
{
    /// <summary>Reads a whole JSON or text answer and sets the call's model, tokens and quantity.</summary>
    public static void Read(GatewayCall call, MediaRequest request, ReadOnlySpan<byte> answer, string? mediaType)
    {
        double? seconds = null;
        var images = 0;
        if (mediaType == "application/json")
        {
            ReadJson(call, answer, ref seconds, ref images);
        }
        else if (mediaType?.StartsWith("text/", StringComparison.Ordinal) == true)
        {
            seconds = LastCueEnd(Encoding.UTF8.GetString(answer));
        }

        if (call.Usage is not null)
        {
            return;
        }

        switch (request.Operation)
        {
            case Providers.UpstreamOperation.ImageGenerations or Providers.UpstreamOperation.ImageEdits when images > 0:
                (call.Quantity, call.Unit) = (images, UsageUnits.Images);
                break;
            case Providers.UpstreamOperation.AudioTranscriptions or Providers.UpstreamOperation.AudioTranslations when (seconds ?? request.UploadSeconds) is { } heard:
                (call.Quantity, call.Unit) = (heard, UsageUnits.Seconds);
                break;
        }
    }

    private static void ReadJson(GatewayCall call, ReadOnlySpan<byte> answer, ref double? seconds, ref int images)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadUsage(ref reader, call, ref seconds);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    call.AnsweredModel = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("duration"u8))
                {
                    reader.Read();
                    seconds = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : seconds;
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            images++;
                            reader.Skip();
                        }
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
        catch (JsonException)
        {
            // Not ours to judge: the bytes are relayed as they are.
        }
    }

    /// <summary>OpenAI's two usage shapes here: tokens (<c>input_tokens</c>…, or chat's names) and <c>{"type":"duration","seconds":…}</c>.</summary>
    private static void ReadUsage(ref Utf8JsonReader reader, GatewayCall call, ref double? seconds)
    {
        int? input = null, output = null, total = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8) || reader.ValueTextEquals("prompt_tokens"u8))
            {
                input = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8) || reader.ValueTextEquals("completion_tokens"u8))
            {
                output = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("seconds"u8))
            {
                reader.Read();
                seconds = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : seconds;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (input is not null || output is not null || total is not null)
        {
            call.Usage = new TokenUsage(input ?? 0, output ?? 0, total ?? ((input ?? 0) + (output ?? 0)), 0);
        }
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
    }

    /// <summary>The end of the last cue of an srt or vtt transcript (<c>00:01:02,500</c> or <c>00:01:02.500</c>).</summary>
    private static double? LastCueEnd(string text)
    {
        double? end = null;
        foreach (Match match in CueEnd().Matches(text))
        {
            var g = match.Groups;
            end = ((g[1].Success ? int.Parse(g[1].Value, CultureInfo.InvariantCulture) : 0) * 3600) + (int.Parse(g[2].Value, CultureInfo.InvariantCulture) * 60)
                + int.Parse(g[3].Value, CultureInfo.InvariantCulture) + (int.Parse(g[4].Value, CultureInfo.InvariantCulture) / 1000.0);
        }

        return end;
    }

    [GeneratedRegex(@"--> (?:(\d{2,}):)?(\d{2}):(\d{2})[,.](\d{3})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CueEnd();
}
