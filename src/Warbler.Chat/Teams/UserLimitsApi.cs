using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Gateway.Auth;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.Teams;

/// <summary><c>/api/admin/users/{id}/limits</c>: what a user may use across their keys and bot replies, set with the admin key, as users are managed.</summary>
internal static class UserLimitsApi
{
    public static IEndpointRouteBuilder MapUserLimitsApi(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/api/admin/users/{id:guid}/limits").RequireAuthorization(GatewayPolicies.AdminKey).WithTags("Admin: users");
        limits.MapGet("/", GetAsync)
            .WithSummary("Get a user's limits")
            .Produces<SpendingLimitsBody>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        limits.MapPut("/", SetAsync)
            .WithSummary("Set a user's limits")
            .WithDescription("Admin key only. Replaces them whole: a limit left out or null is none. They apply to the user's keys and bot replies, on top of each key's limits and `Chat:UserLimits`.")
            .Produces<SpendingLimitsBody>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is { } user
            ? TypedResults.Ok(SpendingLimitsBodies.From(user.Limits))
            : TeamProblems.NoSuch("user", id);

    private static async Task<IResult> SetAsync(Guid id, SpendingLimitsBody request, WarblerDbContext db, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        var errors = SpendingLimitsBodies.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return TeamProblems.NoSuch("user", id);
        }

        SpendingLimitsBodies.ApplyTo(request, user.Limits);
        await db.SaveChangesAsync(cancellationToken);
        await directory.LimitsSetAsync(id, null, cancellationToken);
        return TypedResults.Ok(SpendingLimitsBodies.From(user.Limits));
    }
}
