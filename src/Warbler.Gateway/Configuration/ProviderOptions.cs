using System.Text.Json.Serialization;

namespace Warbler.Gateway.Configuration;

/// <summary>One entry of the <c>Providers</c> section; the entry's key is the provider's name.</summary>
internal sealed class ProviderOptions
{
    /// <summary><c>OpenAI</c> for every OpenAI-compatible server, <c>Azure</c> for Azure OpenAI, or <c>Anthropic</c> for Anthropic's Messages API.</summary>
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;

    /// <summary>
    /// For OpenAI-compatible servers, the URL that <c>/chat/completions</c> is appended to
    /// (for example <c>https://api.deepseek.com/v1</c>); for Azure, the resource endpoint
    /// (<c>https://NAME.openai.azure.com</c>); for Anthropic, the API's root (<c>https://api.anthropic.com</c>
    /// when left out).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The provider's API key. Prefer <see cref="ApiKeyEnvironmentVariable"/> to keep it out of files.</summary>
    /// <remarks>Never serialized, so an options object written out by mistake cannot carry it.</remarks>
    [JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>The name of an environment variable holding the API key.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>Models this provider serves. Empty: every model (its own list feeds <c>GET /v1/models</c>).</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// Public model names this provider serves under another name: public name → the name the
    /// provider knows (for Azure, the model whose deployment is used). Clients ask for the public
    /// name; aliases are served whatever <see cref="Models"/> says.
    /// </summary>
    public Dictionary<string, string> Aliases { get; set; } = [];

    /// <summary>Lower is tried first; providers of equal priority share traffic by <see cref="Weight"/>.</summary>
    public int Priority { get; set; }

    public int Weight { get; set; } = 1;

    /// <summary>Azure only: the <c>api-version</c> query parameter.</summary>
    public string ApiVersion { get; set; } = "2024-10-21";

    /// <summary>Azure only: model name to deployment name. A model not listed uses its own name as the deployment.</summary>
    public Dictionary<string, string> Deployments { get; set; } = [];

    /// <summary>How <c>/v1/completions</c> reaches this provider.</summary>
    public LegacyCompletionsMode LegacyCompletions { get; set; } = LegacyCompletionsMode.Auto;

    /// <summary>How <c>/v1/responses</c> reaches this provider.</summary>
    public ResponsesMode Responses { get; set; } = ResponsesMode.Auto;

    public ProviderTimeouts Timeouts { get; set; } = new();

    /// <summary>
    /// The routes besides chat and completions this provider has (embeddings, images, audio,
    /// moderations). Unset: every one for the OpenAI kind, every one but moderations for Azure.
    /// A route not listed is refused for this provider with a 400 naming it, before anything is sent.
    /// </summary>
    public List<ProviderCapability>? Capabilities { get; set; }
}

/// <summary>A <c>/v1</c> route beyond chat and completions that a provider may have.</summary>
internal enum ProviderCapability
{
    /// <summary>Listed alone: none of them (configuration cannot bind an empty list; it reads as unset).</summary>
    None,
    Embeddings,
    Images,
    ImageEdits,
    Speech,
    Transcriptions,
    Translations,
    Moderations,
}

internal enum ProviderKind
{
    OpenAI,
    Azure,

    /// <summary>Anthropic's Messages API: chat requests are translated to <c>/v1/messages</c> and the answers back.</summary>
    Anthropic,
}

internal enum LegacyCompletionsMode
{
    /// <summary>Relay; if the upstream says the model is chat-only (404), translate to chat instead.</summary>
    Auto,

    /// <summary>Always relay <c>/completions</c> to the upstream.</summary>
    Relay,

    /// <summary>Always translate to <c>/chat/completions</c>.</summary>
    Translate,
}

internal enum ResponsesMode
{
    /// <summary>
    /// Relay to OpenAI itself (<c>api.openai.com</c>) and Azure OpenAI, translate to
    /// <c>/chat/completions</c> for every other server; a relayed request answered 404 is translated instead.
    /// </summary>
    Auto,

    /// <summary>Always relay <c>/responses</c> to the upstream, which has the Responses API.</summary>
    Relay,

    /// <summary>Always translate to <c>/chat/completions</c>.</summary>
    Translate,
}

internal sealed class ProviderTimeouts
{
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>From sending the request to the upstream's response headers. Non-streamed answers arrive whole, so this is generous.</summary>
    public TimeSpan FirstByte { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest silence between two chunks of an answer.</summary>
    public TimeSpan Idle { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest time one request to the provider may take, from sending it to the last byte of the
    /// answer: an upstream that keeps sending, but too slowly to ever finish, is cut off here.
    /// Ten minutes by default, as OpenAI's own clients wait.
    /// </summary>
    public TimeSpan Total { get; set; } = TimeSpan.FromMinutes(10);
}
