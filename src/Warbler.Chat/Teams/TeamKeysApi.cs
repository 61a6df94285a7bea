using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Identity;
using Warbler.Contracts.Keys;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Gateway.Admin;

namespace Warbler.Chat.Teams;

/// <summary>
/// <c>/api/teams/{id}/keys</c>: the team's gateway keys, for its owners and admins. A key's calls
/// count against the team's limits; the secret is shown once, when the key is created.
/// </summary>
internal static class TeamKeysApi
{
    public static IEndpointRouteBuilder MapTeamKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/teams/{id:guid}/keys").RequireAuthorization(ChatPolicies.SignedInOrAdminKey).WithTags("Teams");
        keys.MapGet("/", ListAsync)
            .WithSummary("List a team's keys")
            .WithDescription("Owners and admins. Members get 403, anyone else 404.")
            .Produces<List<KeyResponse>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPost("/", CreateAsync)
            .WithSummary("Create a team key")
            .WithDescription("Owners and admins. Returns the secret (`wk-…`) once.")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{keyId:guid}", RevokeAsync)
            .WithSummary("Revoke a team key")
            .WithDescription("Owners and admins. A key of another team is 404.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(Guid id, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, OwnedKeys keys, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        return access.CanManage ? TypedResults.Ok(await keys.ListAsync(null, id, cancellationToken)) : access.Refusal(id);
    }

    private static async Task<IResult> CreateAsync(
        Guid id, CreateOwnedKeyRequest request, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, OwnedKeys keys, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanManage)
        {
            return access.Refusal(id);
        }

        var errors = OwnedKeyRequests.Validate(request, time.GetUtcNow());
        if (request.TeamId is { } other && other != id)
        {
            errors["teamId"] = ["A team key belongs to the team in the address; leave teamId out."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await keys.CreateAsync(request.Name!.Trim(), request.Models ?? [], request.ExpiresAt, null, id, cancellationToken);
        return TypedResults.Created($"/api/teams/{id}/keys/{created.Id}", created);
    }

    private static async Task<IResult> RevokeAsync(
        Guid id, Guid keyId, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, OwnedKeys keys, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanManage)
        {
            return access.Refusal(id);
        }

        if (await keys.FindLiveAsync(keyId, cancellationToken) is not { } key || key.TeamId != id)
        {
            return TeamProblems.NoSuch("key of this team", keyId);
        }

        await keys.RevokeAsync(keyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
