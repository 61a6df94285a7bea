using System.Text.Json;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Requests;
using static Warbler.Gateway.Requests.RequestValues;

namespace Warbler.Gateway.Media;

/// <summary>
/// What the gateway reads of an images, audio or moderations request: the model to route by (or the
/// route's default, as OpenAI's), and what the usage record counts when the upstream reports no tokens.
/// JSON bodies are read with one forward pass; multipart uploads only for their small text fields.
/// </summary>
internal sealed record MediaRequest(UpstreamOperation Operation, string Model, string? ContentType)
{
    /// <summary>For speech: the characters of the input, what OpenAI prices TTS by.</summary>
    public int? SpeechCharacters { get; init; }

    /// <summary>For transcriptions and translations: the length of the uploaded audio when it is a WAV file.</summary>
    public double? UploadSeconds { get; init; }

    public static MediaRequest FromJson(UpstreamOperation operation, ReadOnlySpan<byte> json)
    {
        string? model = null;
        string? prompt = null;
        string? input = null;
        var hasInput = false;
        var hasVoice = false;
        JsonFieldScan.Scan(json, (ref Utf8JsonReader reader, string name) =>
        {
            switch (name)
            {
                case "model":
                    model = ExpectString(ref reader, "model");
                    break;
                case "prompt" when operation == UpstreamOperation.ImageGenerations:
                    prompt = ExpectString(ref reader, "prompt");
                    break;
                case "n" when operation == UpstreamOperation.ImageGenerations:
                    ExpectInteger(ref reader, "n", 1, 10);
                    break;
                case "input" when operation == UpstreamOperation.AudioSpeech:
                    input = ExpectString(ref reader, "input");
                    hasInput = input is not null;
                    break;
                case "input" when operation == UpstreamOperation.Moderations:
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray))
                    {
                        throw WrongType("input", "a string or an array", reader.TokenType);
                    }

                    hasInput = true;
                    break;
                case "voice" when operation == UpstreamOperation.AudioSpeech:
                    hasVoice = reader.TokenType is JsonTokenType.String or JsonTokenType.StartObject;
                    break;
            }
        });

        if (operation == UpstreamOperation.ImageGenerations && string.IsNullOrEmpty(prompt))
        {
            throw Missing("prompt", "you must describe the image to generate.");
        }

        if (operation is UpstreamOperation.AudioSpeech or UpstreamOperation.Moderations && !hasInput)
        {
            throw Missing("input", operation == UpstreamOperation.AudioSpeech ? "you must provide the text to speak." : "you must provide the input to classify.");
        }

        if (operation == UpstreamOperation.AudioSpeech && !hasVoice)
        {
            throw Missing("voice", "you must choose a voice.");
        }

        return new MediaRequest(operation, ModelOrDefault(operation, model), null)
        {
            SpeechCharacters = input?.Length,
        };
    }

    public static MediaRequest FromMultipart(UpstreamOperation operation, ReadOnlySpan<byte> body, string? contentType)
    {
        var boundary = MultipartForm.Boundary(contentType);
        var parts = MultipartForm.Parse(body, boundary);
        var model = MultipartForm.Text(body, parts, "model");
        double? seconds = null;
        if (operation == UpstreamOperation.ImageEdits)
        {
            if (!parts.Exists(p => p.FileName is not null && p.Name is "image" or "image[]"))
            {
                throw Missing("image", "you must upload the image to edit (a file in the 'image' field).");
            }

            if (string.IsNullOrEmpty(MultipartForm.Text(body, parts, "prompt")))
            {
                throw Missing("prompt", "you must describe the edit.");
            }
        }
        else
        {
            var file = parts.Find(p => p.Name == "file" && p.FileName is not null)
                ?? throw Missing("file", "you must upload the audio (a file in the 'file' field).");
            seconds = WavDuration.Of(body.Slice(file.Start, file.Length));
            if (string.IsNullOrEmpty(model))
            {
                throw Missing("model", "you must provide a model parameter.");
            }
        }

        return new MediaRequest(operation, ModelOrDefault(operation, model), contentType) { UploadSeconds = seconds };
    }

    /// <summary>The model the route uses when the body names none, as OpenAI does.</summary>
    private static string ModelOrDefault(UpstreamOperation operation, string? model)
    {
        if (!string.IsNullOrEmpty(model))
        {
            return model;
        }

        return operation switch
        {
            UpstreamOperation.ImageGenerations or UpstreamOperation.ImageEdits => "dall-e-2",
            UpstreamOperation.Moderations => "omni-moderation-latest",
            _ => throw Missing("model", "you must provide a model parameter."),
        };
    }
}
