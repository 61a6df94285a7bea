using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's answers besides chat, offline and deterministic: embeddings (<see cref="DemoEmbedding"/>),
/// a generated PNG (<see cref="DemoImage"/>), a WAV tone for speech (<see cref="DemoSpeech"/>), a
/// made-up transcription (<see cref="DemoTranscription"/>) and a moderation (<see cref="DemoModeration"/>).
/// Usage is reported where OpenAI reports it; tokens are counted as words, as the demo's chat does.
/// </summary>
internal static class DemoMedia
{
    private static readonly string[] Routes = ["/embeddings", "/images/generations", "/images/edits", "/audio/speech", "/audio/transcriptions", "/audio/translations", "/moderations"];

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
                : DemoTranscription.Answer(body, parts, path.EndsWith("/audio/translations", StringComparison.Ordinal));
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        return path switch
        {
            _ when path.EndsWith("/embeddings", StringComparison.Ordinal) => Embeddings(root, model),
            _ when path.EndsWith("/audio/speech", StringComparison.Ordinal) => Speech(root),
            _ when path.EndsWith("/moderations", StringComparison.Ordinal) => DemoModeration.Answer(root, model.Length > 0 ? model : "omni-moderation-latest", created),
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

    private static int CountOf(string? n) => int.TryParse(n, out var count) && count is > 0 and <= 10 ? count : 1;

    private static int FileSize(List<MultipartPart> parts, string name) => parts.Find(p => p.Name == name || p.Name == name + "[]")?.Length ?? 0;

    internal static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    internal static HttpResponseMessage Text(string mediaType, string text)
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

    internal static HttpResponseMessage Json(Action<Utf8JsonWriter> write)
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
