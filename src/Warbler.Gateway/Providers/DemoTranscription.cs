using Warbler.Gateway.Metering;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Providers;

/// <summary>The demo's transcriptions and translations: a sentence naming the upload, then words chosen by its name and size, in every <c>response_format</c>.</summary>
internal static class DemoTranscription
{
    private static readonly string[] HeardWords = ["warbler", "song", "branch", "morning", "meadow", "feather", "river", "sunlight", "nest", "chorus", "wind", "hedge"];

    /// <summary>Words chosen by the upload's name and size, so the same file gives the same text.</summary>
    public static HttpResponseMessage Answer(byte[] body, List<MultipartPart> parts, bool translation)
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
            "text" => DemoMedia.Text("text/plain", text + "\n"),
            "srt" => DemoMedia.Text("text/plain", $"1\n00:00:00,000 --> {end:hh\\:mm\\:ss\\,fff}\n{text}\n\n"),
            "vtt" => DemoMedia.Text("text/vtt", $"WEBVTT\n\n00:00:00.000 --> {end:hh\\:mm\\:ss\\.fff}\n{text}\n\n"),
            "verbose_json" => DemoMedia.Json(writer =>
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
            _ => DemoMedia.Json(writer =>
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
}
