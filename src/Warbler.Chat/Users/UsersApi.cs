using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Data;

namespace Warbler.Chat.Users;

/// <summary>
/// <c>GET /api/users?q=</c>: people to add to a room, found by their whole email or by a part of
/// their display name. It shows only ids and display names, never emails, so it cannot be used to
/// list who has an account.
/// </summary>
internal static class UsersApi
{
    public const int MaxResults = 20;
    private const int MaxQueryLength = 256;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/users", SearchAsync).RequireAuthorization(ChatPolicies.SignedIn).WithTags("Users")
            .WithSummary("Find people to add to a room")
            .WithDescription("By whole email or part of the display name; returns ids and display names only.");
        return app;
    }

    private static async Task<Results<Ok<List<UserSummary>>, ValidationProblem>> SearchAsync(
        string? q, HttpContext context, WarblerDbContext db, CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? "";
        if (query.Length is 0 or > MaxQueryLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["q"] = [$"Give a whole email or a part of a display name, 1 to {MaxQueryLength} characters."],
            });
        }

        var me = context.User.UserId();
        var email = query.ToUpperInvariant();
        var name = query.ToLowerInvariant();
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Id != me && (u.NormalizedEmail == email || u.DisplayName.ToLower().Contains(name)))
            .OrderBy(u => u.DisplayName)
            .Take(MaxResults)
            .Select(u => new UserSummary(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(found);
    }
}
