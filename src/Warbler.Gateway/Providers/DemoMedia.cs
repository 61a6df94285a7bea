using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's answers besides chat, offline and deterministic: embeddings (<see cref="DemoEmbedding"/>),
/// a generated PNG, a WAV tone for speech, a transcription made up from the upload's name and size
/// in every <c>response_format</c>, and a moderation that flags words from a short list.
/// Usage is reported where OpenAI reports it; tokens are counted as words, as the demo's chat does.
/// </summary>
internal static class DemoMedia
{
    private static readonly string[] Routes = ["/embeddings", "/images/generations", "/images/edits", "/audio/speech", "/audio/transcriptions", "/audio/translations", "/moderations"];

    /// <summary>OpenAI's moderation categories, each with the words the demo flags it for.</summary>
    private static readonly (string Category, string[] Words)[] Flagged =
    [
        ("harassment", ["idiot", "stupid", "loser"]),
        ("harassment/threatening", ["threaten"]),
        ("hate", ["hate"]),
        ("hate/threatening", []),
        ("illicit", ["steal", "smuggle"]),
        ("illicit/violent", ["bomb"]),
        ("self-harm", ["suicide"]),
        ("self-harm/intent", []),
        ("self-harm/instructions", []),
        ("sexual", ["porn"]),
        ("sexual/minors", []),
        ("violence", ["kill", "murder", "attack"]),
        ("violence/graphic", ["gore"]),
    ];

    private static readonly string[] HeardWords = ["warbler", "song", "branch", "morning", "meadow", "feather", "river", "sunlight", "nest", "chorus", "wind", "hedge"];

    public static bool Handles(string path) => Routes.Any(route => path.EndsWith(route, StringComparison.Ordinal));

    public static async Task<HttpResponseMessage> AnswerAsync(string path, HttpContent content, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await content.ReadAsByteArrayAsync(cancellationToken);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (content.Headers.ContentType?.MediaType == "multipart/form-data")
        {
            var parts = MultipartForm.Parse(body, MultipartForm.Boundary(content.Headers.ContentType.ToString()));
            return path.EndsWith("/images/edits", StringComparison.Ordinal)
                ? Images(MultipartForm.Text(body, parts, "model") ?? "dall-e-2", $"{MultipartForm.Text(body, parts, "prompt")}|{FileSize(parts, "image")}", CountOf(MultipartForm.Text(body, parts, "n")), MultipartForm.Text(body, parts, "response_format"), created)
                : Transcription(body, parts, path.EndsWith("/audio/translations", StringComparison.Ordinal));
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        return path switch
        {
            _ when path.EndsWith("/embeddings", StringComparison.Ordinal) => Embeddings(root, model),
            _ when path.EndsWith("/audio/speech", StringComparison.Ordinal) => Speech(root),
            _ when path.EndsWith("/moderations", StringComparison.Ordinal) => Moderations(root, model.Length > 0 ? model : "omni-moderation-latest", created),
            _ => Images(
                model.Length > 0 ? model : "dall-e-2",
                root.TryGetProperty("prompt", out var prompt) ? prompt.GetString() ?? "" : "",
                root.TryGetProperty("n", out var n) && n.TryGetInt32(out var count) ? count : 1,
                root.TryGetProperty("response_format", out var format) ? format.GetString() : null,
                created),
        };
    }

    private static HttpResponseMessage Embeddings(JsonElement root, string model)
    {
        var dimensions = root.TryGetProperty("dimensions", out var d) && d.TryGetInt32(out var asked) ? asked : DemoEmbedding.DefaultDimensions;
        if (dimensions > DemoEmbedding.MaxDimensions)
        {
            return Error($"The demo makes vectors of at most {DemoEmbedding.MaxDimensions} dimensions.", "dimensions");
        }

        var base64 = root.TryGetProperty("encoding_format", out var f) && f.ValueEquals("base64");
        var inputs = Inputs(root.GetProperty("input"));
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                var vector = DemoEmbedding.Of(inputs[i], dimensions);
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (base64)
                {
                    writer.WriteString("embedding", DemoEmbedding.Base64(vector));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (var value in vector)
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            var tokens = inputs.Sum(Words);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", tokens);
            writer.WriteNumber("total_tokens", tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>The texts of an embeddings input; token ids stand for themselves as words.</summary>
    private static List<string> Inputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString()!];
        }

        var items = input.EnumerateArray().ToList();
        if (items.Count > 0 && items[0].ValueKind == JsonValueKind.Number)
        {
            return [string.Join(' ', items.Select(id => $"t{id.GetRawText()}"))];
        }

        return [.. items.Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : string.Join(' ', item.EnumerateArray().Select(id => $"t{id.GetRawText()}")))];
    }

    private static HttpResponseMessage Images(string model, string prompt, int count, string? format, long created)
    {
        // gpt-image models always answer in base64 and report tokens; DALL·E answers with a URL unless asked for base64.
        var tokens = model.StartsWith("gpt-image", StringComparison.Ordinal);
        var inline = tokens || format == "b64_json";
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", created);
            writer.WriteStartArray("data");
            for (var i = 0; i < count; i++)
            {
                var png = Convert.ToBase64String(DemoImage.Png($"{prompt}#{i}"));
                writer.WriteStartObject();
                writer.WriteString(inline ? "b64_json" : "url", inline ? png : "data:image/png;base64," + png);
                writer.WriteString("revised_prompt", $"[Offline demo picture] {prompt}");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (tokens)
            {
                var input = Words(prompt);
                writer.WriteStartObject("usage");
                writer.WriteNumber("input_tokens", input);
                writer.WriteNumber("output_tokens", 64 * count);
                writer.WriteNumber("total_tokens", input + (64 * count));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private static HttpResponseMessage Speech(JsonElement root)
    {
        var input = root.TryGetProperty("input", out var text) ? text.GetString() ?? "" : "";
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(DemoSpeech.Wav(input)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return response;
    }

    /// <summary>Words chosen by the upload's name and size, so the same file gives the same text.</summary>
    private static HttpResponseMessage Transcription(byte[] body, List<MultipartPart> parts, bool translation)
    {
        var file = parts.Find(p => p.Name == "file");
        var name = file?.FileName ?? "audio";
        var size = file?.Length ?? 0;
        var seconds = Math.Round(file is null ? 0 : WavDuration.Of(body.AsSpan(file.Start, file.Length)) ?? (size / 16000.0), 2);
        var hash = DemoEmbedding.Fnv1a($"{name}|{size}");
        var heard = string.Join(' ', Enumerable.Range(0, 4).Select(i => HeardWords[(int)((hash >> (i * 5)) % (uint)HeardWords.Length)]));
        var text = $"[Offline demo {(translation ? "translation" : "transcription")} of {name}, {size} bytes.] {heard}.";
        var end = TimeSpan.FromSeconds(seconds);
        return MultipartForm.Text(body, parts, "response_format") switch
        {
            "text" => Text("text/plain", text + "\n"),
            "srt" => Text("text/plain", $"1\n00:00:00,000 --> {end:hh\\:mm\\:ss\\,fff}\n{text}\n\n"),
            "vtt" => Text("text/vtt", $"WEBVTT\n\n00:00:00.000 --> {end:hh\\:mm\\:ss\\.fff}\n{text}\n\n"),
            "verbose_json" => Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("task", translation ? "translate" : "transcribe");
                writer.WriteString("language", "english");
                writer.WriteNumber("duration", seconds);
                writer.WriteString("text", text);
                writer.WriteStartArray("segments");
                writer.WriteStartObject();
                writer.WriteNumber("id", 0);
                writer.WriteNumber("start", 0);
                writer.WriteNumber("end", seconds);
                writer.WriteString("text", text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }),
            _ => Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("text", text);
                writer.WriteStartObject("usage");
                writer.WriteString("type", "duration");
                writer.WriteNumber("seconds", Math.Ceiling(seconds));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }),
        };
    }

    private static HttpResponseMessage Moderations(JsonElement root, string model, long created)
    {
        var texts = new List<string>();
        if (root.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                texts.Add(input.GetString()!);
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    texts.Add(item.ValueKind == JsonValueKind.String ? item.GetString()!
                        : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "");
                }
            }
        }

        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", $"modr-demo{created}");
            writer.WriteString("model", model);
            writer.WriteStartArray("results");
            foreach (var text in texts)
            {
                var words = text.ToLowerInvariant();
                var hits = Flagged.Select(c => (c.Category, Hit: c.Words.Any(w => words.Contains(w, StringComparison.Ordinal)))).ToList();
                writer.WriteStartObject();
                writer.WriteBoolean("flagged", hits.Any(h => h.Hit));
                writer.WriteStartObject("categories");
                foreach (var (category, hit) in hits)
                {
                    writer.WriteBoolean(category, hit);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("category_scores");
                foreach (var (category, hit) in hits)
                {
                    writer.WriteNumber(category, hit ? 0.97 : 0.0001);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static int CountOf(string? n) => int.TryParse(n, out var count) && count is > 0 and <= 10 ? count : 1;

    private static int FileSize(List<MultipartPart> parts, string name) => parts.Find(p => p.Name == name || p.Name == name + "[]")?.Length ?? 0;

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static HttpResponseMessage Text(string mediaType, string text)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return response;
    }

    private static HttpResponseMessage Error(string message, string param)
    {
        var response = Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", "invalid_request_error");
            writer.WriteString("param", param);
            writer.WriteNull("code");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        response.StatusCode = HttpStatusCode.BadRequest;
        return response;
    }

    private static HttpResponseMessage Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            write(writer);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(buffer.ToArray()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }
}
