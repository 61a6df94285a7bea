namespace Warbler.Gateway.Keys;

/// <summary>What the gateway knows about a key while it serves a request: all in memory.</summary>
/// <remarks>
/// <c>OwnerUserId</c>: the user the key belongs to, whose limits its calls count against too;
/// <c>TeamId</c>: the team its calls count against, if any; <c>Level</c>: null for a key, "user" or
/// "team" for the counters of a user's or team's limits, which refusals name.
/// </remarks>
internal sealed record CallerKey(
    Guid Id, string Name, string Prefix, bool IsAdmin, IReadOnlySet<string> Models, DateTime? ExpiresAt, KeyLimits Limits,
    Guid? OwnerUserId = null, Guid? TeamId = null, string? Level = null)
{
    /// <summary>Checks a model against the key's list; an empty list allows every model.</summary>
    public bool MayUse(string model) => Models.Count == 0 || Models.Contains(model);

    public bool IsExpiredAt(DateTime utcNow) => ExpiresAt is { } expiry && expiry <= utcNow;
}
