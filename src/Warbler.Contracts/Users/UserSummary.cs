namespace Warbler.Contracts.Users;

/// <summary>Another user, as a search shows them: only an id and a display name, never an email.</summary>
/// <param name="Id">The user's id, to add them to a room.</param>
/// <param name="DisplayName">The name they chose.</param>
public sealed record UserSummary(Guid Id, string DisplayName);
