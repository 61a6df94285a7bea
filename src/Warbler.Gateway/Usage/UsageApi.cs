using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Usage;

/// <summary><c>GET /api/admin/usage</c> for operators, and <c>GET /v1/usage</c> for a key's own usage.</summary>
internal static class UsageApi
{
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapAdminUsage(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", ReportAsync).WithTags("Admin: usage");
        return admin;
    }

    public static RouteGroupBuilder MapKeyUsage(this RouteGroupBuilder v1)
    {
        v1.MapGet("/usage", OwnUsageAsync);
        return v1;
    }

    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, Guid? keyId, string? model, string? groupBy,
        UsageQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultPeriod;
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

        return TypedResults.Ok(await queries.ReportAsync(start, end, keyId, model, groupBy, cancellationToken));
    }

    /// <summary>What the calling key used today (UTC), this month and in all.</summary>
    private static async Task<IResult> OwnUsageAsync(HttpContext context, UsageQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = context.GetCallerKey();
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = now.AddSeconds(1);
        return TypedResults.Json(new
        {
            @object = "usage",
            key = new { id = key.Id, name = key.Name, prefix = key.Prefix },
            today = await queries.TotalsAsync(key.Id, today, end, cancellationToken),
            month = await queries.TotalsAsync(key.Id, month, end, cancellationToken),
            total = await queries.TotalsAsync(key.Id, DateTimeOffset.MinValue, end, cancellationToken),
        }, GatewayJson.SnakeCase);
    }
}
