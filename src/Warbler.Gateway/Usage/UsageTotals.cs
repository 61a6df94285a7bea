namespace Warbler.Gateway.Usage;

/// <summary>Tokens one key has used, and what they cost: in all, today and this month.</summary>
internal sealed record KeySpending(Guid KeyId, long Total, long Today, long ThisMonth, decimal CostTotal = 0, decimal CostToday = 0, decimal CostThisMonth = 0);
