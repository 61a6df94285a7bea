using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Contracts.Usage;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Pricing;

namespace Warbler.Gateway.Usage;

/// <summary><c>GET /api/admin/usage</c> for operators, and <c>GET /v1/usage</c> for a key's own usage.</summary>
internal static class UsageApi
{
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapAdminUsage(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", ReportAsync).WithTags("Admin: usage")
            .WithSummary("Usage report")
            .WithDescription("Tokens, requests and cost over a period (default: the last 30 days), filtered by key, user or model and grouped with `groupBy`.")
            .Produces<UsageReport>()
            .ProducesValidationProblem();
        admin.MapGet("/usage/export", ExportAsync).WithTags("Admin: usage")
            .WithSummary("Export usage as CSV")
            .WithDescription("One CSV row per group (`groupBy`: day, key, model, provider, user or team; default day) over a range of at most 400 days (default: the last 30 days), streamed as an attachment.")
            .Produces<string>(contentType: "text/csv")
            .ProducesValidationProblem();
        return admin;
    }

    public static RouteGroupBuilder MapKeyUsage(this RouteGroupBuilder v1)
    {
        v1.MapGet("/usage", OwnUsageAsync)
            .WithSummary("Get the calling key's usage")
            .WithDescription("What the key used today (UTC), this month and in all, its limits, and what is left of its budgets.");
        return v1;
    }

    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, Guid? keyId, Guid? userId, string? model, string? groupBy, Guid? teamId,
        UsageQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? (end.UtcTicks >= DefaultPeriod.Ticks ? end - DefaultPeriod : DateTimeOffset.MinValue); // "to=0001-01-01" must not overflow
        var errors = new Dictionary<string, string[]>();
        if (groupBy is not null && !UsageQueries.Groupings.Contains(groupBy))
        {
            errors["groupBy"] = [$"Group by one of: {string.Join(", ", UsageQueries.Groupings)}."];
        }

        if (start > end)
        {
            errors["from"] = ["'from' must not be after 'to'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await queries.ReportAsync(start, end, keyId, userId, model, groupBy, cancellationToken, teamId));
    }

    private static IResult ExportAsync(
        DateTimeOffset? from, DateTimeOffset? to, Guid? keyId, Guid? userId, Guid? teamId, string? model, string? groupBy, string? format,
        UsageQueries queries, TimeProvider time, HttpContext context)
    {
        var (start, end, errors) = UsageRange.Validate(from, to, time.GetUtcNow());
        groupBy ??= "day";
        if (!UsageQueries.Groupings.Contains(groupBy))
        {
            errors["groupBy"] = [$"Group by one of: {string.Join(", ", UsageQueries.Groupings)}."];
        }

        if (format is not null and not "csv")
        {
            errors["format"] = ["The only format is csv."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var fileName = FormattableString.Invariant($"warbler-usage-{start:yyyyMMdd}-{end:yyyyMMdd}-{groupBy}.csv");
        return TypedResults.Stream(async body =>
        {
            // Written row by row as the database sends them: a long range never sits in memory.
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: 16 * 1024);
            await writer.WriteAsync(UsageCsv.Header);
            await foreach (var group in queries.ExportAsync(start, end, keyId, userId, teamId, model, groupBy, context.RequestAborted))
            {
                await writer.WriteAsync(UsageCsv.Row(group));
            }
        }, "text/csv; charset=utf-8", fileName);
    }

    /// <summary>What the calling key used today (UTC), this month and in all, its limits, and what is left of its budgets.</summary>
    private static async Task<IResult> OwnUsageAsync(HttpContext context, UsageQueries queries, PriceTable prices, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = context.User.GetGatewayKey();
        var limits = key.Limits;
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = now.AddSeconds(1);
        var usedToday = await queries.TotalsAsync(key.Id, today, end, cancellationToken);
        var usedThisMonth = await queries.TotalsAsync(key.Id, month, end, cancellationToken);
        var usedInAll = await queries.TotalsAsync(key.Id, DateTimeOffset.MinValue, end, cancellationToken);

        var budgets = new List<BudgetStatus>();
        AddBudget(budgets, "tokens", "daily", limits.DailyTokenBudget, usedToday.TotalTokens, today.AddDays(1));
        AddBudget(budgets, "tokens", "monthly", limits.MonthlyTokenBudget, usedThisMonth.TotalTokens, month.AddMonths(1));
        AddBudget(budgets, "tokens", "total", limits.TokenBudget, usedInAll.TotalTokens, null);
        AddBudget(budgets, "cost", "daily", limits.DailyCostBudget, usedToday.Cost, today.AddDays(1));
        AddBudget(budgets, "cost", "monthly", limits.MonthlyCostBudget, usedThisMonth.Cost, month.AddMonths(1));
        AddBudget(budgets, "cost", "total", limits.CostBudget, usedInAll.Cost, null);

        return TypedResults.Json(new
        {
            @object = "usage",
            key = new { id = key.Id, name = key.Name, prefix = key.Prefix },
            currency = prices.Currency,
            today = usedToday,
            month = usedThisMonth,
            total = usedInAll,
            rate_limits = new
            {
                requests_per_minute = limits.RequestsPerMinute,
                tokens_per_minute = limits.TokensPerMinute,
                max_concurrent_requests = limits.MaxConcurrentRequests,
            },
            budgets,
        }, GatewayJson.SnakeCase);
    }

    private static void AddBudget(List<BudgetStatus> budgets, string unit, string period, decimal? limit, decimal used, DateTimeOffset? renewsAt)
    {
        if (limit is { } value)
        {
            budgets.Add(new BudgetStatus(unit, period, value, used, Math.Max(0, value - used), renewsAt));
        }
    }

    /// <summary>One budget of a key: its unit (tokens or cost), period, limit, what is used and left, and when it renews.</summary>
    private sealed record BudgetStatus(string Unit, string Period, decimal Limit, decimal Used, decimal Remaining, DateTimeOffset? RenewsAt);
}
