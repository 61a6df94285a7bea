namespace Warbler.Cluster;

/// <summary>
/// The Redis shared by several Warbler servers (section <c>Redis</c>). Without a configuration a
/// server keeps everything in its own memory, as a single server should.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Starts every key and channel Warbler uses, so several installations can share one Redis.</summary>
    public string Prefix { get; set; } = "warbler";

    /// <summary>How long a request counts against a key's requests in flight when its server never settles it (the server stopped).</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>
    /// Whether Redis is configured, read from configuration rather than the validated options: for
    /// services built before the server starts and reports a wrong setting by name (the hub's).
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{SectionName}:{nameof(Configuration)}"]);
}
