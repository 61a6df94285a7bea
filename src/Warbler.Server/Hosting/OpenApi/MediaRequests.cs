using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Warbler.Server.Hosting.OpenApi;

// As GatewayRequests.cs: these records only describe, for the document, the fields most clients
// send to the embeddings, images, audio and moderations routes. Other OpenAI fields pass through.

[Description("An OpenAI embeddings request. Fields not listed here are passed to the provider unchanged.")]
public sealed record EmbeddingsRequest(
    [property: Description("The embedding model, as listed by GET /v1/models.")] string Model,
    [property: Description("A string, an array of strings, an array of token ids or an array of token-id arrays (at most 2048 inputs).")] object Input,
    [property: Description("The number of dimensions of each vector, for models that can shorten them.")] int? Dimensions = null,
    [property: JsonPropertyName("encoding_format"), Description("`float` (the default) or `base64`.")] string? EncodingFormat = null);

[Description("An OpenAI image generation request. Fields not listed here are passed to the provider unchanged.")]
public sealed record ImageGenerationRequest(
    [property: Description("What to draw.")] string Prompt,
    [property: Description("The image model; `dall-e-2` when left out, as OpenAI's.")] string? Model = null,
    [property: Description("How many images, 1 to 10.")] int? N = null,
    string? Size = null,
    [property: JsonPropertyName("response_format"), Description("`url` or `b64_json` (gpt-image models always answer with `b64_json`).")] string? ResponseFormat = null);

[Description("An OpenAI image edit: a multipart form. Fields not listed here are passed to the provider unchanged.")]
public sealed record ImageEditForm(
    [property: Description("The image (or images, as `image[]`) to edit.")] IFormFile Image,
    [property: Description("The edit to make.")] string Prompt,
    [property: Description("Where the image may change (transparent areas).")] IFormFile? Mask = null,
    string? Model = null,
    int? N = null,
    string? Size = null);

[Description("An OpenAI text-to-speech request.")]
public sealed record SpeechRequest(
    string Model,
    [property: Description("The text to speak; the usage record counts its characters.")] string Input,
    [property: Description("The voice, such as `alloy`.")] string Voice,
    [property: JsonPropertyName("response_format"), Description("mp3, opus, aac, flac, wav or pcm.")] string? ResponseFormat = null,
    double? Speed = null);

[Description("An OpenAI transcription or translation: a multipart form. Fields not listed here are passed to the provider unchanged.")]
public sealed record TranscriptionForm(
    [property: Description("The audio file.")] IFormFile File,
    [property: Description("The speech-to-text model, such as `whisper-1` or `gpt-4o-transcribe`.")] string Model,
    [property: JsonPropertyName("response_format"), Description("json, text, srt, verbose_json or vtt; relayed as it is.")] string? ResponseFormat = null,
    string? Language = null,
    string? Prompt = null,
    double? Temperature = null);

[Description("An OpenAI moderation request.")]
public sealed record ModerationRequest(
    [property: Description("A string, an array of strings, or (omni-moderation) an array of text and image parts.")] object Input,
    [property: Description("`omni-moderation-latest` when left out, as OpenAI's.")] string? Model = null);
