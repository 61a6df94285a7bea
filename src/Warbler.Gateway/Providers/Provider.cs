using System.Collections.Frozen;
using System.Net.Http.Headers;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Providers;

/// <summary>
/// An upstream that serves models: where it is, how to authenticate, what it serves, and its own
/// connection pool. The API key stays inside; nothing reads it back out.
/// </summary>
internal sealed class Provider : IDisposable
{
    /// <summary>The Messages API version Warbler speaks to Anthropic providers.</summary>
    public const string AnthropicVersion = "2023-06-01";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly string? _apiKey;
    private readonly string _baseUrl;

    public Provider(string name, ProviderOptions options, string? apiKey, HttpMessageInvoker invoker, TimeProvider time)
    {
        Name = name;
        Kind = options.Kind;
        _baseUrl = BaseUrlFor(options);
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Models = options.Models.ToFrozenSet(StringComparer.Ordinal);
        Aliases = options.Aliases.ToFrozenDictionary(StringComparer.Ordinal);
        Priority = options.Priority;
        Weight = options.Weight;
        ApiVersion = options.ApiVersion;
        Deployments = options.Deployments.ToFrozenDictionary(StringComparer.Ordinal);
        // Anthropic has neither prompt completions nor the Responses API: both go through chat, translated.
        LegacyCompletions = options.Kind == ProviderKind.Anthropic ? LegacyCompletionsMode.Translate : options.LegacyCompletions;
        Responses = options.Kind == ProviderKind.Anthropic ? ResponsesMode.Translate : options.Responses;
        RelaysResponses = Responses == ResponsesMode.Relay
            || (Responses == ResponsesMode.Auto && (Kind == ProviderKind.Azure || IsOpenAI(_baseUrl)));
        Timeouts = options.Timeouts;
        StatesCapabilities = options.Capabilities is not null;
        Capabilities = (options.Capabilities ?? ProviderCapabilities.Default(options.Kind)).Where(c => c != ProviderCapability.None).ToFrozenSet();
        Invoker = invoker;
        Health = new ProviderHealth(time);
    }

    public string Name { get; }

    public ProviderKind Kind { get; }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string BaseUrl => _baseUrl;

    public bool HasApiKey => _apiKey is not null;

    /// <summary>Models served; empty means any model.</summary>
    public FrozenSet<string> Models { get; }

    /// <summary>Public model name → the provider's own name for it.</summary>
    public FrozenDictionary<string, string> Aliases { get; }

    public bool ServesAnyModel => Models.Count == 0;

    public int Priority { get; }

    public int Weight { get; }

    public string ApiVersion { get; }

    public FrozenDictionary<string, string> Deployments { get; }

    public LegacyCompletionsMode LegacyCompletions { get; }

    public ResponsesMode Responses { get; }

    /// <summary>Whether <c>/v1/responses</c> is relayed to this provider's own <c>/responses</c> (see <see cref="ResponsesMode"/>).</summary>
    public bool RelaysResponses { get; }

    /// <summary>Whether <c>/v1/messages</c> is relayed to this provider as it is: Anthropic's own API.</summary>
    public bool RelaysMessages => Kind == ProviderKind.Anthropic;

    public ProviderTimeouts Timeouts { get; }

    /// <summary>The routes beyond chat and completions this provider has.</summary>
    public FrozenSet<ProviderCapability> Capabilities { get; }

    /// <summary>True when the operator listed <see cref="Capabilities"/> rather than leaving the kind's default.</summary>
    public bool StatesCapabilities { get; }

    public HttpMessageInvoker Invoker { get; }

    public ProviderHealth Health { get; }

    /// <summary>The text with this provider's key blotted out, for messages that may quote what was sent (an upstream's own error text).</summary>
    public string Redact(string text) =>
        _apiKey is null ? text : text.Replace(_apiKey, "[redacted]", StringComparison.Ordinal);

    /// <summary>True when the UTF-8 <paramref name="text"/> contains this provider's key.</summary>
    public bool IsQuotedIn(ReadOnlySpan<byte> text) =>
        _apiKey is not null && text.IndexOf(System.Text.Encoding.UTF8.GetBytes(_apiKey)) >= 0;

    /// <summary>True when this provider has the upstream route (chat, completions and models always).</summary>
    public bool Has(UpstreamOperation operation) =>
        ProviderCapabilities.For(operation) is not { } needed || Capabilities.Contains(needed);

    public bool Serves(string model) => ServesAnyModel || Models.Contains(model) || Aliases.ContainsKey(model);

    /// <summary>
    /// Builds a request to this provider. <paramref name="body"/> is sent as it is, unless
    /// <paramref name="model"/> is an alias: then its <c>model</c> is the provider's own name.
    /// </summary>
    /// <remarks>A <paramref name="contentType"/> other than JSON (a multipart upload) is sent as given, its <c>model</c> field renamed the same way.</remarks>
    public HttpRequestMessage CreateRequest(UpstreamOperation operation, string? model, ReadOnlyMemory<byte>? body, string? contentType = null)
    {
        if (model is not null && Aliases.TryGetValue(model, out var ownName))
        {
            model = ownName;
            body = body is not { } aliased ? null
                : contentType is null ? RequestBodies.WithModel(aliased.Span, ownName)
                : MultipartForm.WithModel(aliased, contentType, ownName);
        }

        // Azure's Responses API names the deployment in the body, not in the path.
        if (Kind == ProviderKind.Azure && operation == UpstreamOperation.Responses && model is not null
            && Deployments.TryGetValue(model, out var deployment) && body is { } sent)
        {
            body = RequestBodies.WithModel(sent.Span, deployment);
        }

        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, UrlFor(operation, model));
        if (_apiKey is not null)
        {
            if (Kind == ProviderKind.Azure)
            {
                request.Headers.TryAddWithoutValidation("api-key", _apiKey);
            }
            else if (Kind == ProviderKind.Anthropic)
            {
                request.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            }
        }

        if (Kind == ProviderKind.Anthropic)
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);
        }

        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            if (contentType is null)
            {
                request.Content.Headers.ContentType = JsonContentType;
            }
            else
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    private Uri UrlFor(UpstreamOperation operation, string? model)
    {
        var path = operation switch
        {
            UpstreamOperation.ChatCompletions => "chat/completions",
            UpstreamOperation.Completions => "completions",
            UpstreamOperation.Responses => "responses",
            UpstreamOperation.Embeddings => "embeddings",
            UpstreamOperation.ImageGenerations => "images/generations",
            UpstreamOperation.ImageEdits => "images/edits",
            UpstreamOperation.AudioSpeech => "audio/speech",
            UpstreamOperation.AudioTranscriptions => "audio/transcriptions",
            UpstreamOperation.AudioTranslations => "audio/translations",
            UpstreamOperation.Moderations => "moderations",
            UpstreamOperation.Messages => "messages",
            UpstreamOperation.MessagesCountTokens => "messages/count_tokens",
            _ => "models",
        };

        if (Kind == ProviderKind.OpenAI)
        {
            return new Uri($"{_baseUrl}/{path}");
        }

        // The provider's handler (AnthropicUpstreamHandler) turns these OpenAI paths into Anthropic's; Messages are its own.
        if (Kind == ProviderKind.Anthropic)
        {
            return new Uri($"{_baseUrl}/v1/{path}");
        }

        // Azure's Responses API is its unversioned v1 one, the deployment named in the body.
        if (operation == UpstreamOperation.Responses)
        {
            return new Uri($"{_baseUrl}/openai/v1/responses");
        }

        // Azure OpenAI puts the deployment in the path and the API version in the query.
        if (operation == UpstreamOperation.Models)
        {
            return new Uri($"{_baseUrl}/openai/models?api-version={Uri.EscapeDataString(ApiVersion)}");
        }

        var deployment = model is not null && Deployments.TryGetValue(model, out var named) ? named : model;
        return new Uri($"{_baseUrl}/openai/deployments/{Uri.EscapeDataString(deployment ?? "")}/{path}?api-version={Uri.EscapeDataString(ApiVersion)}");
    }

    private static bool IsOpenAI(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>The base URL without a trailing slash; Anthropic's without the <c>/v1</c> an operator may have added.</summary>
    private static string BaseUrlFor(ProviderOptions options)
    {
        var url = ProviderRules.BaseUrlOf(options)!.TrimEnd('/');
        return options.Kind == ProviderKind.Anthropic && url.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? url[..^3] : url;
    }

    public void Dispose() => Invoker.Dispose();
}
