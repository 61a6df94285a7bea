using Warbler.Data;
using Warbler.Data.Users;

namespace Warbler.Chat.Users;

/// <summary>A user as the API shows it: never a password, hash or token.</summary>
public sealed record UserResponse(Guid Id, string? Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
{
    public static UserResponse From(WarblerUser user, IEnumerable<string> roles) =>
        new(user.Id, user.Email, user.DisplayName, roles.Order(StringComparer.Ordinal).ToList(), StoredTime.AsUtc(user.CreatedAt));
}

/// <summary>The body of <c>PATCH /api/me</c>: fields left out stay as they are.</summary>
public sealed record UpdateMeRequest(string? DisplayName);

/// <summary>The body of <c>POST /api/admin/users</c>.</summary>
public sealed record CreateUserRequest(string? Email, string? Password, string? DisplayName, bool? Admin);
