namespace Warbler.Contracts.Users;

/// <summary>The body of <c>PATCH /api/me</c>: fields left out stay as they are.</summary>
/// <param name="DisplayName">The name other people see.</param>
public sealed record UpdateMeRequest(string? DisplayName);

/// <summary>The body of <c>POST /api/admin/users</c>.</summary>
/// <param name="Email">The email they sign in with.</param>
/// <param name="Password">Their first password.</param>
/// <param name="DisplayName">The name other people see.</param>
/// <param name="Admin">Whether they are an administrator.</param>
public sealed record CreateUserRequest(string? Email, string? Password, string? DisplayName, bool? Admin);
