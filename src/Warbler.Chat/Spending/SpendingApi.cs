using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Chat.UserQuotas;
using Warbler.Chat.Users;
using Warbler.Contracts.Usage;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Data.Users;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Spending;

/// <summary><c>GET /api/me/usage</c> for every user, and <c>GET /api/teams/{id}/usage</c> for a team's owners and admins.</summary>
internal static class SpendingApi
{
    public static IEndpointRouteBuilder MapSpendingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/usage", MyUsageAsync).RequireAuthorization(ChatPolicies.SignedIn).WithTags("Usage")
            .WithSummary("Get the signed-in user's usage")
            .WithDescription("Tokens, cost and requests of the user's calls and bot replies in a range (default: the last 30 days; at most 400 days), by UTC day and by model, and each of the user's budgets with what its current period has spent.")
            .ProducesValidationProblem();
        app.MapGet("/api/teams/{id:guid}/usage", TeamUsageAsync).RequireAuthorization(ChatPolicies.SignedIn).WithTags("Usage")
            .WithSummary("Get a team's usage")
            .WithDescription("For the team's owners and admins: the team's usage in a range, grouped by `user`, `key`, `model` or `day` (default), and the team's budgets. A member gets 403; a team the caller is not in, 404.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<MyUsage>, ValidationProblem, ProblemHttpResult>> MyUsageAsync(
        DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal principal, UserManager<WarblerUser> users, SpendingQueries queries,
        IOptions<UserLimitsOptions> userLimits, IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (start, end, errors) = UsageRange.Validate(from, to, now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Problem("The signed-in user no longer exists.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        var mine = queries.OfUser(user.Id);
        var inRange = SpendingQueries.Within(mine, start, end);
        var budgets = await queries.BudgetsAsync(mine, user.Limits, now, cancellationToken);
        if (userLimits.Value.TokensPerDay is > 0 and var perDay)
        {
            var periods = BudgetPeriods.At(now);
            SpendingQueries.Add(budgets, "chat_daily_tokens", "tokens", periods.DayName, perDay, await queries.TokensTodayAsync(user.Id, now, cancellationToken), periods.Day.AddDays(1));
        }

        return TypedResults.Ok(new MyUsage(
            start, end, Currency(configuration),
            await queries.TotalsAsync(inRange, cancellationToken),
            await queries.GroupAsync(inRange, "day", cancellationToken),
            await queries.GroupAsync(inRange, "model", cancellationToken),
            budgets));
    }

    private static async Task<Results<Ok<TeamUsage>, ValidationProblem, ProblemHttpResult>> TeamUsageAsync(
        Guid id, DateTimeOffset? from, DateTimeOffset? to, string? groupBy, ClaimsPrincipal principal, UserManager<WarblerUser> users,
        WarblerDbContext db, SpendingQueries queries, IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (start, end, errors) = UsageRange.Validate(from, to, now);
        groupBy ??= "day";
        if (!SpendingQueries.TeamGroupings.Contains(groupBy))
        {
            errors["groupBy"] = [$"Group by one of: {string.Join(", ", SpendingQueries.TeamGroupings)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var userId = principal.UserId();
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        var role = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == id && m.UserId == userId).Select(m => (TeamRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        var admin = await users.GetUserAsync(principal) is { } user && await users.IsInRoleAsync(user, ChatRoles.Admin);

        // As with rooms: a team the caller is not in does not exist for them.
        if (team is null || (role is null && !admin))
        {
            return TypedResults.Problem($"There is no team {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        }

        if (role != TeamRole.Owner && !admin)
        {
            return TypedResults.Problem("Only the team's owners see its usage.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var records = queries.OfTeam(id);
        var inRange = SpendingQueries.Within(records, start, end);
        return TypedResults.Ok(new TeamUsage(
            team.Id, team.Name, start, end, groupBy, Currency(configuration),
            await queries.TotalsAsync(inRange, cancellationToken),
            await queries.GroupAsync(inRange, groupBy, cancellationToken),
            await queries.BudgetsAsync(records, team.Limits, now, cancellationToken)));
    }

    private static string Currency(IConfiguration configuration) => configuration["Pricing:Currency"] is { Length: > 0 } currency ? currency : "USD";
}
