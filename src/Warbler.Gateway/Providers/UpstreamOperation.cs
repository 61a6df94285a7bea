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

    /// <summary>Anthropic's own <c>/v1/messages</c>, relayed natively to providers of the Anthropic kind.</summary>
    Messages,

    /// <summary>Anthropic's <c>/v1/messages/count_tokens</c>.</summary>
    MessagesCountTokens,
}
