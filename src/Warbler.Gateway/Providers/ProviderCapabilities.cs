using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Providers;

/// <summary>Which routes a provider has when its settings do not say, and the names clients see for them.</summary>
internal static class ProviderCapabilities
{
    /// <summary>Every route a provider may have.</summary>
    public static readonly ProviderCapability[] All = [.. Enum.GetValues<ProviderCapability>().Where(c => c != ProviderCapability.None)];

    /// <summary>Azure OpenAI has no moderations endpoint; OpenAI-compatible servers are taken to have everything OpenAI has.</summary>
    private static readonly ProviderCapability[] Azure = [.. All.Where(c => c != ProviderCapability.Moderations)];

    public static IReadOnlyList<ProviderCapability> Default(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => All,
        ProviderKind.Azure => Azure,
        _ => [],
    };

    /// <summary>What <c>/v1/models</c> lists for a provider's models: chat, completions and its capabilities; null when its settings do not say.</summary>
    public static IReadOnlyList<string>? Listed(Provider provider) =>
        provider.StatesCapabilities ? ["chat", "completions", .. All.Where(provider.Capabilities.Contains).Select(NameOf)] : null;

    /// <summary>The capability an upstream call needs; null for chat, completions and models, which every provider has.</summary>
    public static ProviderCapability? For(UpstreamOperation operation) => operation switch
    {
        UpstreamOperation.Embeddings => ProviderCapability.Embeddings,
        UpstreamOperation.ImageGenerations => ProviderCapability.Images,
        UpstreamOperation.ImageEdits => ProviderCapability.ImageEdits,
        UpstreamOperation.AudioSpeech => ProviderCapability.Speech,
        UpstreamOperation.AudioTranscriptions => ProviderCapability.Transcriptions,
        UpstreamOperation.AudioTranslations => ProviderCapability.Translations,
        UpstreamOperation.Moderations => ProviderCapability.Moderations,
        _ => null,
    };

    /// <summary>The name <c>/v1/models</c> lists a capability under.</summary>
    public static string NameOf(ProviderCapability capability) => capability switch
    {
        ProviderCapability.Embeddings => "embeddings",
        ProviderCapability.Images => "images",
        ProviderCapability.ImageEdits => "image_edits",
        ProviderCapability.Speech => "speech",
        ProviderCapability.Transcriptions => "transcriptions",
        ProviderCapability.Translations => "translations",
        _ => "moderations",
    };

    /// <summary>The providers of <paramref name="routed"/> that have the operation's route, in order; a 400 naming what they cannot do when none has.</summary>
    public static IReadOnlyList<Provider> Able(IReadOnlyList<Provider> routed, UpstreamOperation operation, string model)
    {
        var able = routed.Where(p => p.Has(operation)).ToList();
        if (able.Count > 0)
        {
            return able;
        }

        var names = string.Join(", ", routed.Select(p => $"'{p.Name}'"));
        throw new OpenAIErrorException(OpenAIError.InvalidRequest(
            $"The model '{model}' is served by {(routed.Count == 1 ? "provider" : "providers")} {names}, which {(routed.Count == 1 ? "does" : "do")} not offer {Describe(operation)}.",
            "model",
            "unsupported_route"));
    }

    /// <summary>What a refusal says the provider cannot do.</summary>
    public static string Describe(UpstreamOperation operation) => operation switch
    {
        UpstreamOperation.Embeddings => "embeddings (/v1/embeddings)",
        UpstreamOperation.ImageGenerations => "image generation (/v1/images/generations)",
        UpstreamOperation.ImageEdits => "image edits (/v1/images/edits)",
        UpstreamOperation.AudioSpeech => "speech (/v1/audio/speech)",
        UpstreamOperation.AudioTranscriptions => "transcriptions (/v1/audio/transcriptions)",
        UpstreamOperation.AudioTranslations => "translations (/v1/audio/translations)",
        UpstreamOperation.Moderations => "moderations (/v1/moderations)",
        _ => operation.ToString(),
    };
}
