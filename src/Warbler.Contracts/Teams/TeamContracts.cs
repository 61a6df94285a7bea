namespace Warbler.Contracts.Teams;

/// <summary>The body of <c>POST /api/teams</c> and <c>PATCH /api/teams/{id}</c> (fields left out stay as they are).</summary>
public sealed record TeamRequest(string? Name, string? Description = null);

/// <summary>
/// What a team or a user may use across their keys and bot replies, on top of each key's own
/// limits; the body of <c>PUT /api/teams/{id}/limits</c> and <c>PUT /api/admin/users/{id}/limits</c>,
/// which replace them whole. Null (or left out) means no limit of that kind; cost is in the price
/// table's currency.
/// </summary>
public sealed record SpendingLimitsBody(
    int? RequestsPerMinute = null,
    int? TokensPerMinute = null,
    long? TokenBudget = null,
    long? DailyTokenBudget = null,
    long? MonthlyTokenBudget = null,
    decimal? CostBudget = null,
    decimal? DailyCostBudget = null,
    decimal? MonthlyCostBudget = null);

/// <summary>
/// A team as <c>/api/teams</c> shows it, with <c>Role</c> the caller's role in it (<c>owner</c> or
/// <c>member</c>; null for an admin who is not in it) and <c>Members</c> how many it has.
/// </summary>
public sealed record TeamResponse(Guid Id, string Name, string Description, SpendingLimitsBody Limits, DateTimeOffset CreatedAt, string? Role, int Members);

/// <summary>The body of <c>POST /api/teams/{id}/members</c>: a user by id or by email, and their role (<c>member</c> unless said).</summary>
public sealed record AddTeamMemberRequest(Guid? UserId = null, string? Email = null, string? Role = null);

/// <summary>The body of <c>PATCH /api/teams/{id}/members/{userId}</c>.</summary>
public sealed record UpdateTeamMemberRequest(string? Role);

/// <summary>A member of a team.</summary>
public sealed record TeamMemberResponse(Guid UserId, string? Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

/// <summary>
/// The body of <c>POST /api/teams/{id}/keys</c> and <c>POST /api/me/keys</c>: a name, the models
/// allowed (all when left out), an expiry; on <c>/api/me/keys</c>, optionally a team the caller is
/// in whose limits the key's calls count against.
/// </summary>
public sealed record CreateOwnedKeyRequest(string? Name, List<string>? Models = null, DateTimeOffset? ExpiresAt = null, Guid? TeamId = null);

/// <summary>The body and answer of <c>/api/bots/{id}/teams</c>: the teams a bot is limited to; empty for everyone.</summary>
public sealed record BotTeamsBody(List<Guid>? TeamIds);
