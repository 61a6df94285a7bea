namespace Warbler.Gateway.Usage;

/// <summary>Sums over usage records.</summary>
public sealed record UsageTotals(long Requests, long PromptTokens, long CachedTokens, long CompletionTokens, long EstimatedRequests, decimal Cost)
{
    public static readonly UsageTotals None = new(0, 0, 0, 0, 0, 0);

    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>The totals of one group: a day (<c>yyyy-MM-dd</c>), a key id, a model, a provider or a user id.</summary>
public sealed record UsageGroup(string Group, UsageTotals Totals);

public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string? GroupBy, UsageTotals Totals, IReadOnlyList<UsageGroup> Groups);

/// <summary>Tokens one key has used, and what they cost: in all, today and this month.</summary>
public sealed record KeySpending(Guid KeyId, long Total, long Today, long ThisMonth, decimal CostTotal = 0, decimal CostToday = 0, decimal CostThisMonth = 0);
