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
            key.MonthlyCostBudget,
            key.OwnerUserId,
            key.TeamId);
    }

    /// <summary>A key just created, with its secret: the only time it is shown.</summary>
    public static CreatedKeyResponse Created(ApiKey key, string secret)
    {
        var shown = KeyResponse.From(key);
        return new CreatedKeyResponse(shown.Id, shown.Name, secret, shown.Prefix, shown.Models, shown.CreatedAt, shown.ExpiresAt,
            shown.RequestsPerMinute, shown.TokensPerMinute, shown.MaxConcurrentRequests, shown.TokenBudget, shown.DailyTokenBudget, shown.MonthlyTokenBudget,
            shown.CostBudget, shown.DailyCostBudget, shown.MonthlyCostBudget, shown.OwnerUserId, shown.TeamId);
    }
}
