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
        var groups = await Totals(records, key).ToListAsync(cancellationToken);
        return groups.Select(g => new UsageGroup(name(g.Key), g.Totals)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
    }

    /// <summary>The records' totals by <paramref name="key"/>, as a query the database runs (and can sort by key).</summary>
    public static IQueryable<KeyedTotals<TKey>> Totals<TKey>(IQueryable<UsageRecord> records, Expression<Func<UsageRecord, TKey>> key) =>
        records
            .GroupBy(key)
            .Select(g => new KeyedTotals<TKey>
            {
                Key = g.Key,
                Totals = new UsageTotals(
                    g.LongCount(),
                    g.Sum(r => (long)r.PromptTokens),
                    g.Sum(r => (long)r.CachedTokens),
                    g.Sum(r => (long)r.CompletionTokens),
                    g.LongCount(r => r.Estimated),
                    g.Sum(r => r.Cost ?? 0m),
                    g.Sum(r => (long)r.CacheWriteTokens)),
            });

    /// <summary>One group's key and totals.</summary>
    public sealed class KeyedTotals<TKey>
    {
        public required TKey Key { get; init; }

        public required UsageTotals Totals { get; init; }
    }
}
