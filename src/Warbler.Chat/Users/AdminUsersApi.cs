using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Logging;
using Warbler.Data;
using Warbler.Data.Users;
using Warbler.Gateway.Auth;

namespace Warbler.Chat.Users;

/// <summary><c>/api/admin/users</c>: the admin key creates, lists and deletes users, and grants or revokes the admin role.</summary>
internal static class AdminUsersApi
{
    private static readonly EmailAddressAttribute EmailAddress = new();

    public static IEndpointRouteBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").RequireAuthorization(GatewayPolicies.AdminKey).WithTags("Admin: users");
        users.MapPost("/", CreateAsync)
            .WithSummary("Create a user")
            .WithDescription("Admin key only; `admin: true` also grants the admin role.");
        users.MapGet("/", ListAsync)
            .WithSummary("List users");
        users.MapGet("/{id:guid}", GetAsync)
            .WithSummary("Get a user");
        users.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Delete a user");
        users.MapPut("/{id:guid}/roles/admin", GrantAdminAsync)
            .WithSummary("Grant the admin role")
            .WithDescription("Idempotent.");
        users.MapDelete("/{id:guid}/roles/admin", RevokeAdminAsync)
            .WithSummary("Revoke the admin role")
            .WithDescription("Idempotent.");
        return app;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, UserManager<WarblerUser> users, ILoggerFactory loggers)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !EmailAddress.IsValid(email))
        {
            errors["email"] = ["A valid email address is required: it is the user's login."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["A password is required."];
        }

        if (request.DisplayName is { } displayName)
        {
            DisplayNames.Validate(errors, displayName);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = new WarblerUser { UserName = email, Email = email, DisplayName = request.DisplayName?.Trim() ?? "" };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(IdentityErrors.ByField(created));
        }

        if (request.Admin == true)
        {
            var granted = await users.AddToRoleAsync(user, ChatRoles.Admin);
            if (!granted.Succeeded)
            {
                return TypedResults.ValidationProblem(IdentityErrors.ByField(granted));
            }
        }

        ChatLog.UserCreatedByAdmin(loggers.CreateLogger(typeof(AdminUsersApi)), user.Id);
        return TypedResults.Created($"/api/admin/users/{user.Id}", UserResponse.From(user, await users.GetRolesAsync(user)));
    }

    private static async Task<Ok<List<UserResponse>>> ListAsync(WarblerDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Users
            .AsNoTracking()
            .OrderBy(u => u.CreatedAt)
            .Select(u => new
            {
                User = u,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(row => UserResponse.From(row.User, row.Roles)).ToList());
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(Guid id, UserManager<WarblerUser> users) =>
        await users.FindByIdAsync(id.ToString()) is { } user
            ? TypedResults.Ok(UserResponse.From(user, await users.GetRolesAsync(user)))
            : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, UserManager<WarblerUser> users, Teams.UserDeletion deletion, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return Failed(deleted);
        }

        await deletion.DeletedAsync(id, cancellationToken);
        ChatLog.UserDeleted(loggers.CreateLogger(typeof(AdminUsersApi)), id);
        return TypedResults.NoContent();
    }

    private static Task<Results<Ok<UserResponse>, ProblemHttpResult>> GrantAdminAsync(Guid id, UserManager<WarblerUser> users, ILoggerFactory loggers) =>
        ChangeAdminAsync(id, grant: true, users, loggers);

    private static Task<Results<Ok<UserResponse>, ProblemHttpResult>> RevokeAdminAsync(Guid id, UserManager<WarblerUser> users, ILoggerFactory loggers) =>
        ChangeAdminAsync(id, grant: false, users, loggers);

    /// <summary>Idempotent: granting to an admin, or revoking from a non-admin, changes nothing and succeeds.</summary>
    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> ChangeAdminAsync(
        Guid id, bool grant, UserManager<WarblerUser> users, ILoggerFactory loggers)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        if (await users.IsInRoleAsync(user, ChatRoles.Admin) != grant)
        {
            var changed = grant ? await users.AddToRoleAsync(user, ChatRoles.Admin) : await users.RemoveFromRoleAsync(user, ChatRoles.Admin);
            if (!changed.Succeeded)
            {
                return Failed(changed);
            }

            ChatLog.AdminRoleChanged(loggers.CreateLogger(typeof(AdminUsersApi)), grant ? "granted to" : "revoked from", id);
        }

        return TypedResults.Ok(UserResponse.From(user, await users.GetRolesAsync(user)));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no user {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult Failed(IdentityResult result) =>
        TypedResults.Problem(string.Join(" ", result.Errors.Select(e => e.Description)), statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
