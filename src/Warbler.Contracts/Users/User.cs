namespace Warbler.Contracts.Users;

/// <summary>The signed-in user, as <c>GET /api/me</c> shows them.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Email">The email they sign in with.</param>
/// <param name="DisplayName">The name other people see.</param>
/// <param name="Roles">Their roles: <c>user</c>, and <c>admin</c> for administrators.</param>
/// <param name="CreatedAt">When the account was made.</param>
/// <param name="AvatarUrl">A picture of the user (an http or https URL from their identity provider), or <c>null</c>.</param>
public sealed record User(Guid Id, string? Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string? AvatarUrl = null);
