namespace Warbler.Contracts.Usage;

/// <summary>
/// Sums over usage records. Cached tokens (read from a provider's prompt cache) and cache-write
/// tokens (written to it, as Anthropic counts them) are parts of the prompt tokens.
/// </summary>
public sealed record UsageTotals(long Requests, long PromptTokens, long CachedTokens, long CompletionTokens, long EstimatedRequests, decimal Cost, long CacheWriteTokens = 0)
{
    public static readonly UsageTotals None = new(0, 0, 0, 0, 0, 0);

    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>The totals of one group: a day (<c>yyyy-MM-dd</c>), a key id, a model, a provider, a user id or a team id; <paramref name="Name"/> names a user, key or team where one is known.</summary>
public sealed record UsageGroup(string Group, UsageTotals Totals, string? Name = null);

/// <summary>The answer to <c>GET /api/admin/usage</c>: the totals of a period, and of each group when grouped.</summary>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string? GroupBy, UsageTotals Totals, IReadOnlyList<UsageGroup> Groups);
