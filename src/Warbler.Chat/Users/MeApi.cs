using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Identity;
using Warbler.Data.Users;

namespace Warbler.Chat.Users;

/// <summary><c>/api/me</c>: the signed-in user, and the display name they choose.</summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(ChatPolicies.SignedIn).WithTags("Users");
        me.MapGet("/", GetAsync)
            .WithSummary("Get the signed-in user");
        me.MapPatch("/", UpdateAsync)
            .WithSummary("Change the signed-in user's display name");
        return app;
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal principal, UserManager<WarblerUser> users)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Gone();
        }

        return TypedResults.Ok(UserResponse.From(user, await users.GetRolesAsync(user)));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateMeRequest request, ClaimsPrincipal principal, UserManager<WarblerUser> users)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DisplayName is { } displayName)
        {
            DisplayNames.Validate(errors, displayName);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Gone();
        }

        if (request.DisplayName is { } name)
        {
            user.DisplayName = name.Trim();
            var result = await users.UpdateAsync(user);
            if (!result.Succeeded)
            {
                return TypedResults.ValidationProblem(IdentityErrors.ByField(result));
            }
        }

        return TypedResults.Ok(UserResponse.From(user, await users.GetRolesAsync(user)));
    }

    /// <summary>A token still valid for a user who was deleted since.</summary>
    private static ProblemHttpResult Gone() =>
        TypedResults.Problem("The signed-in user no longer exists.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}
