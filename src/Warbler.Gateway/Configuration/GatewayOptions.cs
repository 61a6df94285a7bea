namespace Warbler.Gateway.Configuration;

/// <summary>The <c>Gateway</c> configuration section.</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted on <c>/v1</c>; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest upload to <c>/v1/audio/transcriptions</c> and <c>/v1/audio/translations</c>; 25 MB, as OpenAI's.</summary>
    public long MaxAudioBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Largest upload to <c>/v1/images/edits</c> (the images, the mask and the form's fields together).</summary>
    public long MaxImageEditBodyBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Largest non-streamed upstream answer relayed; larger ones get 502.</summary>
    public long MaxResponseBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How long the upstream model lists behind <c>GET /v1/models</c> are cached.</summary>
    public TimeSpan ModelListCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Completion tokens reserved against a key's tokens-per-minute limit when a request sets no
    /// <c>max_tokens</c>; the reservation is settled with the real usage when the answer ends.
    /// </summary>
    public int ReservedCompletionTokens { get; set; } = 1024;

    /// <summary>
    /// Lets the admin API add providers whose URL is a link-local or cloud metadata IP literal
    /// (169.254.0.0/16, fe80::/10, 100.100.100.200, fd00:ec2::254); refused by default, so the
    /// admin key cannot be used to make the server read its own instance credentials.
    /// </summary>
    public bool AllowLinkLocalProviderUrls { get; set; }

    public RetryOptions Retry { get; set; } = new();

    public CoolDownOptions CoolDown { get; set; } = new();
}

/// <summary>How a failed call to one provider is retried before the next provider is tried.</summary>
internal sealed class RetryOptions
{
    /// <summary>Retries after the first attempt, per provider.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First back-off delay; it doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait before a retry. A <c>Retry-After</c> longer than this is not waited for:
    /// the next provider is tried instead, or the error is returned.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>When a provider that keeps failing is skipped.</summary>
internal sealed class CoolDownOptions
{
    /// <summary>Failed calls in a row (after retries) that start a cool-down.</summary>
    public int FailureThreshold { get; set; } = 3;

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);
}
