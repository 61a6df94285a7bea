using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Keys;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Gateway.Admin;

namespace Warbler.Chat.Teams;

/// <summary>
/// <c>/api/me/keys</c>: gateway keys that belong to the signed-in user. Their calls count against
/// the user's limits, and against a team's: the one named when the key was made, else the user's
/// first team by join date.
/// </summary>
internal static class MyKeysApi
{
    public static IEndpointRouteBuilder MapMyKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/me/keys").RequireAuthorization(ChatPolicies.SignedIn).WithTags("Users");
        keys.MapGet("/", ListAsync)
            .WithSummary("List my keys")
            .Produces<List<KeyResponse>>();
        keys.MapPost("/", CreateAsync)
            .WithSummary("Create a key of mine")
            .WithDescription("Returns the secret (`wk-…`) once. `teamId`, if given, is a team you are in.")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        keys.MapDelete("/{keyId:guid}", RevokeAsync)
            .WithSummary("Revoke a key of mine")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal principal, OwnedKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(principal.UserId(), null, cancellationToken));

    private static async Task<IResult> CreateAsync(
        CreateOwnedKeyRequest request, ClaimsPrincipal principal, WarblerDbContext db, OwnedKeys keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var errors = OwnedKeyRequests.Validate(request, time.GetUtcNow());
        if (request.TeamId is { } teamId && !await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken))
        {
            errors["teamId"] = ["You are not in that team."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await keys.CreateAsync(request.Name!.Trim(), request.Models ?? [], request.ExpiresAt, userId, request.TeamId, cancellationToken);
        return TypedResults.Created($"/api/me/keys/{created.Id}", created);
    }

    private static async Task<IResult> RevokeAsync(Guid keyId, ClaimsPrincipal principal, OwnedKeys keys, CancellationToken cancellationToken)
    {
        if (await keys.FindLiveAsync(keyId, cancellationToken) is not { } key || key.OwnerUserId != principal.UserId())
        {
            return TeamProblems.NoSuch("key of yours", keyId);
        }

        await keys.RevokeAsync(keyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
