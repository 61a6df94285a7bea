namespace Warbler.Cli.Admin;

/// <summary>A key as <c>GET /api/admin/keys</c> shows it.</summary>
internal sealed record KeyInfo(
    Guid Id,
    string Name,
    string Prefix,
    List<string>? Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    decimal? CostBudget,
    decimal? DailyCostBudget,
    decimal? MonthlyCostBudget);

/// <summary>The answer to <c>POST /api/admin/keys</c>, the only one holding the secret.</summary>
internal sealed record CreatedKeyInfo(Guid Id, string Name, string Key, string Prefix, DateTimeOffset? ExpiresAt);

internal sealed record UsageTotalsInfo(long Requests, long PromptTokens, long CachedTokens, long CompletionTokens, long EstimatedRequests, decimal Cost, long TotalTokens);

internal sealed record UsageGroupInfo(string Group, UsageTotalsInfo Totals);

internal sealed record UsageReportInfo(DateTimeOffset From, DateTimeOffset To, string? GroupBy, UsageTotalsInfo Totals, List<UsageGroupInfo> Groups);

internal sealed record ProviderHealthInfo(string Status, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? CoolingDownUntil);

internal sealed record ProviderInfo(
    string Name,
    string Source,
    string Kind,
    string BaseUrl,
    List<string>? Models,
    int Priority,
    int Weight,
    bool Enabled,
    bool HasApiKey,
    ProviderHealthInfo Health);

internal sealed record ProviderTestInfo(bool Ok, int? Status, double LatencyMs, int? Models, string? Error);
