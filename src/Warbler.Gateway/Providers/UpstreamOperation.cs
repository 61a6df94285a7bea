namespace Warbler.Gateway.Providers;

/// <summary>The upstream endpoints Warbler calls.</summary>
internal enum UpstreamOperation
{
    ChatCompletions,
    Completions,
    Models,
    Responses,
    Embeddings,
    ImageGenerations,
    ImageEdits,
    AudioSpeech,
    AudioTranscriptions,
    AudioTranslations,
    Moderations,
}
