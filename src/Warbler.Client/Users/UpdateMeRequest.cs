namespace Warbler.Client.Users;

/// <summary>The body of <c>PATCH /api/me</c>.</summary>
internal sealed record UpdateMeRequest(string? DisplayName);
