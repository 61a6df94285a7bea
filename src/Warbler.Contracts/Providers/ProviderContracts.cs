namespace Warbler.Contracts.Providers;

/// <summary>
/// The body of <c>POST /api/admin/providers</c>. <c>kind</c> is <c>OpenAI</c> (the default),
/// <c>Azure</c> or <c>Anthropic</c>; <c>legacyCompletions</c> is <c>Auto</c> (the default), <c>Relay</c> or
/// <c>Translate</c>, and so is <c>responses</c>; timeouts are time spans such as <c>"00:00:30"</c>.
/// </summary>
public sealed record CreateProviderRequest(
    string? Name,
    string? Kind,
    string? BaseUrl,
    string? ApiKey,
    List<string>? Models,
    Dictionary<string, string>? Aliases,
    int? Priority,
    int? Weight,
    string? ApiVersion,
    Dictionary<string, string>? Deployments,
    string? LegacyCompletions,
    bool? Enabled,
    ProviderTimeoutsRequest? Timeouts) : IProviderFields
{
    /// <summary>How <c>/v1/responses</c> reaches the provider: <c>Auto</c> (the default), <c>Relay</c> or <c>Translate</c>.</summary>
    public string? Responses { get; init; }
}

/// <summary>
/// The body of <c>PATCH /api/admin/providers/{name}</c>: fields left out (or null) stay as they
/// are; <c>"apiKey": ""</c> removes the key; a provider cannot be renamed.
/// </summary>
public sealed record UpdateProviderRequest(
    string? Name,
    string? Kind,
    string? BaseUrl,
    string? ApiKey,
    List<string>? Models,
    Dictionary<string, string>? Aliases,
    int? Priority,
    int? Weight,
    string? ApiVersion,
    Dictionary<string, string>? Deployments,
    string? LegacyCompletions,
    bool? Enabled,
    ProviderTimeoutsRequest? Timeouts) : IProviderFields
{
    /// <summary>How <c>/v1/responses</c> reaches the provider: <c>Auto</c> (the default), <c>Relay</c> or <c>Translate</c>.</summary>
    public string? Responses { get; init; }
}

/// <summary>The fields that adding and changing a provider share.</summary>
public interface IProviderFields
{
    string? Kind { get; }

    string? BaseUrl { get; }

    string? ApiKey { get; }

    List<string>? Models { get; }

    Dictionary<string, string>? Aliases { get; }

    int? Priority { get; }

    int? Weight { get; }

    string? ApiVersion { get; }

    Dictionary<string, string>? Deployments { get; }

    string? LegacyCompletions { get; }

    string? Responses { get; }

    ProviderTimeoutsRequest? Timeouts { get; }
}

public sealed record ProviderTimeoutsRequest(TimeSpan? Connect, TimeSpan? FirstByte, TimeSpan? Idle, TimeSpan? Total);

/// <summary>
/// A provider as the admin API shows it: never its key, only whether it has one.
/// <c>source</c> is <c>configuration</c>, <c>database</c> or <c>demo</c>.
/// </summary>
public sealed record ProviderResponse(
    string Name,
    string Source,
    string Kind,
    string BaseUrl,
    IReadOnlyList<string> Models,
    IReadOnlyDictionary<string, string> Aliases,
    int Priority,
    int Weight,
    string? ApiVersion,
    IReadOnlyDictionary<string, string>? Deployments,
    string LegacyCompletions,
    ProviderTimeoutsResponse Timeouts,
    bool Enabled,
    bool HasApiKey,
    ProviderHealthResponse Health,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>How <c>/v1/responses</c> reaches the provider: <c>Auto</c>, <c>Relay</c> or <c>Translate</c>.</summary>
    public string Responses { get; init; } = "Auto";
}

public sealed record ProviderTimeoutsResponse(TimeSpan Connect, TimeSpan FirstByte, TimeSpan Idle, TimeSpan Total);

/// <summary><c>status</c> is <c>healthy</c>, <c>cooling_down</c> or <c>disabled</c> (not serving, whatever the reason).</summary>
public sealed record ProviderHealthResponse(string Status, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? CoolingDownUntil);

/// <summary>The answer to <c>POST /api/admin/providers/{name}/test</c>.</summary>
public sealed record ProviderTestResponse(bool Ok, int? Status, double LatencyMs, int? Models, string? Error);
