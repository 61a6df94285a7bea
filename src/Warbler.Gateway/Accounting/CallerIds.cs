namespace Warbler.Gateway.Accounting;

/// <summary>Whom a usage record names: the request, and the key (<c>/v1</c>) or the user and bot (in-process; the key is then empty).</summary>
/// <remarks><c>TeamId</c>: the team the call counted against (the key's, or the one a user's call is charged to).</remarks>
internal readonly record struct CallerIds(string RequestId, Guid KeyId, Guid? UserId = null, Guid? BotId = null, Guid? TeamId = null);
