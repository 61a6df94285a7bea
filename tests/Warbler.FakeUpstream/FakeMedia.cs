using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Warbler.FakeUpstream;

/// <summary>
/// The fake's answers on the routes besides chat: embeddings, images, speech, transcriptions,
/// translations and moderations, in OpenAI's shapes, with usage where OpenAI reports it.
/// </summary>
public static partial class FakeMedia
{
    /// <summary>The smallest valid PNG: one transparent pixel.</summary>
    public const string TinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    /// <summary>What the fake sends as speech: bytes that stand for MP3 audio.</summary>
    public static readonly byte[] SpeechBytes = [.. "ID3fake-mp3-audio"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i % 251))];

    private static readonly string[] Routes = ["/embeddings", "/images/generations", "/images/edits", "/audio/speech", "/audio/transcriptions", "/audio/translations", "/moderations"];

    internal static bool Answers(string path) => Routes.Any(route => path.EndsWith(route, StringComparison.Ordinal));

    internal static async Task PlayAsync(HttpContext context, UpstreamScript script, string path, string body)
    {
        var multipart = context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.Ordinal) == true;
        var json = multipart ? [] : JsonNode.Parse(body) as JsonObject ?? [];
        var model = multipart ? Field(body, "model") ?? "" : json["model"]?.GetValue<string>() ?? "";
        if (path.EndsWith("/audio/speech", StringComparison.Ordinal))
        {
            context.Response.ContentType = "audio/mpeg";
            await context.Response.StartAsync(context.RequestAborted);
            for (var start = 0; start < SpeechBytes.Length; start += 1000)
            {
                await context.Response.Body.WriteAsync(SpeechBytes.AsMemory(start, Math.Min(1000, SpeechBytes.Length - start)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            return;
        }

        if (path.EndsWith("/audio/transcriptions", StringComparison.Ordinal) || path.EndsWith("/audio/translations", StringComparison.Ordinal))
        {
            await TranscriptionAsync(context, script, model, Field(body, "response_format") ?? "json");
            return;
        }

        object answer = path switch
        {
            _ when path.EndsWith("/embeddings", StringComparison.Ordinal) => Embeddings(script, json, model),
            _ when path.EndsWith("/moderations", StringComparison.Ordinal) => new
            {
                id = "modr-fake",
                model,
                results = new[] { new { flagged = script.Text.Contains("hate", StringComparison.Ordinal), categories = new { hate = false }, category_scores = new { hate = 0.01 } } },
            },
            _ => Images(script, model, multipart ? int.Parse(Field(body, "n") ?? "1", System.Globalization.CultureInfo.InvariantCulture) : json["n"]?.GetValue<int>() ?? 1),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer), context.RequestAborted);
    }

    private static JsonObject Embeddings(UpstreamScript script, JsonObject request, string model)
    {
        // One input for a string or a single token-id array; one per item otherwise.
        var inputs = request["input"] is JsonArray array && array.Count > 0 && array[0]?.GetValueKind() != JsonValueKind.Number ? array.Count : 1;
        var texts = request["input"] is JsonArray list ? list.Select(item => item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : "").ToList() : [request["input"]?.ToString() ?? ""];
        var dimensions = Math.Min(request["dimensions"]?.GetValue<int>() ?? 3, 3072);
        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs; i++)
        {
            var vector = script.EmbedsWords
                ? WordVector(texts.ElementAtOrDefault(i) ?? "", request["dimensions"]?.GetValue<int>() ?? 1536)
                : Enumerable.Range(0, dimensions).Select(d => (float)(i + 1) / (d + 2)).ToArray();
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()) : new JsonArray([.. vector.Select(v => (JsonNode)v)]),
            });
        }

        var answer = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = model };
        if (script.SendsUsage)
        {
            answer["usage"] = new JsonObject { ["prompt_tokens"] = script.PromptTokens, ["total_tokens"] = script.PromptTokens };
        }

        return answer;
    }

    /// <summary>
    /// Each lowercase word adds 1 at two places hashed from it (FNV-1a with two seeds, stable across
    /// runs), so two words rarely land on the same pair; the vector is then scaled to length 1.
    /// </summary>
    private static float[] WordVector(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value))
        {
            foreach (var seed in (ReadOnlySpan<uint>)[2166136261u, 2166136261u ^ 0x9E3779B9u])
            {
                var hash = seed;
                foreach (var c in word)
                {
                    hash = (hash ^ c) * 16777619u;
                }

                vector[hash % (uint)dimensions] += 1;
            }
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : [.. vector.Select(v => v / length)];
    }

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*")]
    private static partial Regex WordPattern();

    private static JsonObject Images(UpstreamScript script, string model, int count)
    {
        var data = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            data.Add(new JsonObject { ["b64_json"] = TinyPng });
        }

        var answer = new JsonObject { ["created"] = 1_700_000_000, ["data"] = data };
        if (script.SendsUsage && model.StartsWith("gpt-image", StringComparison.Ordinal))
        {
            answer["usage"] = new JsonObject
            {
                ["input_tokens"] = script.PromptTokens,
                ["output_tokens"] = script.CompletionTokens,
                ["total_tokens"] = script.PromptTokens + script.CompletionTokens,
            };
        }

        return answer;
    }

    private static async Task TranscriptionAsync(HttpContext context, UpstreamScript script, string model, string format)
    {
        var text = script.Text;
        var seconds = script.AudioSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var end = TimeSpan.FromSeconds(script.AudioSeconds);
        (string ContentType, string Body) answer = format switch
        {
            "text" => ("text/plain; charset=utf-8", text + "\n"),
            "srt" => ("text/plain; charset=utf-8", $"1\n00:00:00,000 --> {end:hh\\:mm\\:ss\\,fff}\n{text}\n\n"),
            "vtt" => ("text/vtt; charset=utf-8", $"WEBVTT\n\n00:00:00.000 --> {end:hh\\:mm\\:ss\\.fff}\n{text}\n\n"),
            "verbose_json" => ("application/json", JsonSerializer.Serialize(new { task = "transcribe", language = "english", duration = script.AudioSeconds, text })),
            _ when model.StartsWith("gpt-4o", StringComparison.Ordinal) && script.SendsUsage => ("application/json", JsonSerializer.Serialize(new
            {
                text,
                usage = new { type = "tokens", input_tokens = script.PromptTokens, output_tokens = script.CompletionTokens, total_tokens = script.PromptTokens + script.CompletionTokens },
            })),
            _ => ("application/json", JsonSerializer.Serialize(new { text, usage = new { type = "duration", seconds = double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) } })),
        };
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>A text field of a multipart form, read from the body as text.</summary>
    private static string? Field(string body, string name)
    {
        var match = FieldPattern().Matches(body).FirstOrDefault(m => m.Groups[1].Value == name);
        return match?.Groups[2].Value;
    }

    [GeneratedRegex("name=\"?([a-z_]+)\"?\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n")]
    private static partial Regex FieldPattern();
}
