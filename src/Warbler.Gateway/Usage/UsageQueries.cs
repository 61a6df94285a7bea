using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>Totals of stored usage records, summed by the database.</summary>
public sealed class UsageQueries(WarblerDbContext db)
{
    public static readonly string[] Groupings = ["day", "key", "model", "provider"];

    public async Task<UsageReport> ReportAsync(DateTimeOffset from, DateTimeOffset to, Guid? keyId, string? model, string? groupBy, CancellationToken cancellationToken)
    {
        var records = Filter(from, to, keyId, model);
        var totals = await TotalsAsync(records, cancellationToken);
        IReadOnlyList<UsageGroup> groups = groupBy switch
        {
            "day" => await GroupAsync(records, r => r.CreatedAt.Date, day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken),
            "key" => await GroupAsync(records, r => r.KeyId, id => id.ToString(), cancellationToken),
            "model" => await GroupAsync(records, r => r.Model, name => name, cancellationToken),
            "provider" => await GroupAsync(records, r => r.Provider ?? "", name => name, cancellationToken),
            _ => [],
        };
        return new UsageReport(from, to, groupBy, totals, groups);
    }

    /// <summary>Tokens each key (or the one key asked for) has used, and their cost, in all, today and this month (UTC).</summary>
    public async Task<List<KeySpending>> SpendingAsync(DateTimeOffset now, Guid? keyId, CancellationToken cancellationToken)
    {
        var today = now.UtcDateTime.Date;
        var month = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = db.UsageRecords.AsNoTracking();
        if (keyId is { } id)
        {
            records = records.Where(r => r.KeyId == id);
        }

        return await records
            .GroupBy(r => r.KeyId)
            .Select(g => new KeySpending(
                g.Key,
                g.Sum(r => (long)r.PromptTokens + r.CompletionTokens),
                g.Sum(r => r.CreatedAt >= today ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                g.Sum(r => r.CreatedAt >= month ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                g.Sum(r => r.Cost ?? 0m),
                g.Sum(r => r.CreatedAt >= today ? r.Cost ?? 0m : 0m),
                g.Sum(r => r.CreatedAt >= month ? r.Cost ?? 0m : 0m)))
            .ToListAsync(cancellationToken);
    }

    public Task<UsageTotals> TotalsAsync(Guid keyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        TotalsAsync(Filter(from, to, keyId, null), cancellationToken);

    private IQueryable<UsageRecord> Filter(DateTimeOffset from, DateTimeOffset to, Guid? keyId, string? model)
    {
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        var records = db.UsageRecords.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end);
        if (keyId is { } id)
        {
            records = records.Where(r => r.KeyId == id);
        }

        if (!string.IsNullOrEmpty(model))
        {
            records = records.Where(r => r.Model == model);
        }

        return records;
    }

    private static async Task<UsageTotals> TotalsAsync(IQueryable<UsageRecord> records, CancellationToken cancellationToken)
    {
        var all = await GroupAsync(records, _ => 1, _ => "", cancellationToken);
        return all.SingleOrDefault()?.Totals ?? UsageTotals.None;
    }

    private static async Task<List<UsageGroup>> GroupAsync<TKey>(
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
                    g.Sum(r => r.Cost ?? 0m)),
            })
            .ToListAsync(cancellationToken);
        return groups.Select(g => new UsageGroup(name(g.Key), g.Totals)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
    }
}
