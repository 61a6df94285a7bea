using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Usage;
using Warbler.Data;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>Totals of stored usage records, summed by the database.</summary>
internal sealed class UsageQueries(WarblerDbContext db)
{
    public static readonly string[] Groupings = ["day", "key", "model", "provider", "user", "team"];

    public async Task<UsageReport> ReportAsync(
        DateTimeOffset from, DateTimeOffset to, Guid? keyId, Guid? userId, string? model, string? groupBy, CancellationToken cancellationToken, Guid? teamId = null)
    {
        var records = Filter(from, to, keyId, model, userId, teamId);
        var totals = await TotalsAsync(records, cancellationToken);
        IReadOnlyList<UsageGroup> groups = groupBy switch
        {
            "day" => await UsageGrouping.GroupAsync(records, r => r.CreatedAt.Date, day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken),
            // Bot replies have no key: their group is "", not the empty key id the configured admin key has.
            "key" => await UsageGrouping.GroupAsync(records, r => new { r.KeyId, Bot = r.BotId != null }, k => k.Bot ? "" : k.KeyId.ToString(), cancellationToken),
            "model" => await UsageGrouping.GroupAsync(records, r => r.Model, name => name, cancellationToken),
            "provider" => await UsageGrouping.GroupAsync(records, r => r.Provider ?? "", name => name, cancellationToken),

            // Traffic for no user (gateway keys) is the group "".
            "user" => await UsageGrouping.GroupAsync(records, r => r.UserId, id => id?.ToString() ?? "", cancellationToken),

            // Traffic for no team is the group "".
            "team" => await UsageGrouping.GroupAsync(records, r => r.TeamId, id => id?.ToString() ?? "", cancellationToken),
            _ => [],
        };
        return new UsageReport(from, to, groupBy, totals, groups);
    }

    /// <summary>Tokens each key (or the one key asked for) has used, and their cost, in all, today and this month (UTC).</summary>
    public async Task<List<KeySpending>> SpendingAsync(DateTimeOffset now, Guid? keyId, CancellationToken cancellationToken)
    {
        // Bot replies are for users, not keys.
        var records = db.UsageRecords.AsNoTracking().Where(r => r.BotId == null);
        if (keyId is { } id)
        {
            records = records.Where(r => r.KeyId == id);
        }

        return await SpendingAsync(records.GroupBy(r => r.KeyId), now, cancellationToken);
    }

    /// <summary>What each user's bot replies used since the start of this UTC month (enough for the per-day limit), as <see cref="KeySpending"/> by user id.</summary>
    public async Task<List<KeySpending>> UserSpendingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        // Bot replies only: calls by users' own keys name them too, but Chat:UserLimits is about bot replies.
        var records = db.UsageRecords.AsNoTracking().Where(r => r.UserId != null && r.BotId != null && r.CreatedAt >= month);
        return await SpendingAsync(records.GroupBy(r => r.UserId!.Value), now, cancellationToken);
    }

    /// <summary>What each group of records spent in all, today and this month (UTC), as <see cref="KeySpending"/> by the group's id.</summary>
    internal static async Task<List<KeySpending>> SpendingAsync(IQueryable<IGrouping<Guid, UsageRecord>> groups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = now.UtcDateTime.Date;
        var month = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return await groups
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
        TotalsAsync(Filter(from, to, keyId, null, null), cancellationToken);

    private IQueryable<UsageRecord> Filter(DateTimeOffset from, DateTimeOffset to, Guid? keyId, string? model, Guid? userId, Guid? teamId = null)
    {
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        var records = db.UsageRecords.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end);
        if (keyId is { } id)
        {
            records = records.Where(r => r.KeyId == id && r.BotId == null);
        }

        if (userId is { } user)
        {
            records = records.Where(r => r.UserId == user);
        }

        if (!string.IsNullOrEmpty(model))
        {
            records = records.Where(r => r.Model == model);
        }

        if (teamId is { } team)
        {
            records = records.Where(r => r.TeamId == team);
        }

        return records;
    }

    /// <summary>
    /// The groups of a period one at a time as the database sorts and sends them, for an export of any
    /// length; users, keys and teams are named from their tables.
    /// </summary>
    public async IAsyncEnumerable<UsageGroup> ExportAsync(
        DateTimeOffset from, DateTimeOffset to, Guid? keyId, Guid? userId, Guid? teamId, string? model, string groupBy,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = Filter(from, to, keyId, model, userId, teamId);
        var names = await NamesAsync(groupBy, cancellationToken);
        var groups = groupBy switch
        {
            "day" => StreamAsync(records, r => r.CreatedAt.Date, day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken),
            "key" => StreamAsync(records, r => r.BotId == null ? (Guid?)r.KeyId : null, id => id?.ToString() ?? "", cancellationToken),
            "model" => StreamAsync(records, r => r.Model, name => name, cancellationToken),
            "provider" => StreamAsync(records, r => r.Provider ?? "", name => name, cancellationToken),
            "user" => StreamAsync(records, r => r.UserId, id => id?.ToString() ?? "", cancellationToken),
            _ => StreamAsync(records, r => r.TeamId, id => id?.ToString() ?? "", cancellationToken),
        };
        await foreach (var group in groups)
        {
            yield return names.TryGetValue(group.Group, out var name) ? group with { Name = name } : group;
        }
    }

    private async Task<Dictionary<string, string>> NamesAsync(string groupBy, CancellationToken cancellationToken) => groupBy switch
    {
        "key" => await db.ApiKeys.AsNoTracking().ToDictionaryAsync(k => k.Id.ToString(), k => k.Name, cancellationToken),
        "user" => await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, cancellationToken),
        "team" => await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id.ToString(), t => t.Name, cancellationToken),
        _ => [],
    };

    private static async IAsyncEnumerable<UsageGroup> StreamAsync<TKey>(
        IQueryable<UsageRecord> records, Expression<Func<UsageRecord, TKey>> key, Func<TKey, string> name,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = UsageGrouping.Totals(records, key)
            .OrderBy(g => g.Key)
            .AsAsyncEnumerable();
        await foreach (var group in groups.WithCancellation(cancellationToken))
        {
            yield return new UsageGroup(name(group.Key), group.Totals);
        }
    }

    private static async Task<UsageTotals> TotalsAsync(IQueryable<UsageRecord> records, CancellationToken cancellationToken)
    {
        var all = await UsageGrouping.GroupAsync(records, _ => 1, _ => "", cancellationToken);
        return all.SingleOrDefault()?.Totals ?? UsageTotals.None;
    }
}
