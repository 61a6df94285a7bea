using Warbler.Contracts.Keys;
using Warbler.Data;
using Warbler.Data.Keys;

namespace Warbler.Gateway.Admin;

/// <summary>A stored key as the admin API shows it: never its secret.</summary>
internal static class KeyResponses
{
    extension(KeyResponse)
    {
        public static KeyResponse From(ApiKey key) => new(
            key.Id,
            key.Name,
            key.Prefix,
            key.Models,
            StoredTime.AsUtc(key.CreatedAt),
            key.ExpiresAt is { } expiresAt ? StoredTime.AsUtc(expiresAt) : null,
            key.RevokedAt is { } revokedAt ? StoredTime.AsUtc(revokedAt) : null,
            key.RequestsPerMinute,
            key.TokensPerMinute,
            key.MaxConcurrentRequests,
            key.TokenBudget,
            key.DailyTokenBudget,
            key.MonthlyTokenBudget,
            key.CostBudget,
            key.DailyCostBudget,
            key.MonthlyCostBudget);
    }
}
