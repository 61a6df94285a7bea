using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Usage;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>Usage records summed into totals by a key of the caller's choosing: the one query behind every usage view.</summary>
public static class UsageGrouping
{
    /// <summary>The records' totals by <paramref name="key"/>, each group named by <paramref name="name"/>, in name order.</summary>
    public static async Task<List<UsageGroup>> GroupAsync<TKey>(
        IQueryable<UsageRecord> records, Expression<Func<UsageRecord, TKey>> key, Func<TKey, string> name, CancellationToken cancellationToken)
    {
        var groups = await records
            .GroupBy(key)
            .Select(g => new
            {
                g.Key,
                Totals = new UsageTotals(
                    g.LongCount(),
                    g.Sum(r => (long)r.PromptTokens),
                    g.Sum(r => (long)r.CachedTokens),
                    g.Sum(r => (long)r.CompletionTokens),
                    g.LongCount(r => r.Estimated),
                    g.Sum(r => r.Cost ?? 0m),
                    g.Sum(r => (long)r.CacheWriteTokens)),
            })
            .ToListAsync(cancellationToken);
        return groups.Select(g => new UsageGroup(name(g.Key), g.Totals)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
    }
}
