namespace Warbler.Gateway.Keys;

/// <summary>What the gateway knows about a key while it serves a request: all in memory.</summary>
internal sealed record CallerKey(Guid Id, string Name, string Prefix, bool IsAdmin, IReadOnlySet<string> Models, DateTime? ExpiresAt, KeyLimits Limits)
{
    /// <summary>Checks a model against the key's list; an empty list allows every model.</summary>
    public bool MayUse(string model) => Models.Count == 0 || Models.Contains(model);

    public bool IsExpiredAt(DateTime utcNow) => ExpiresAt is { } expiry && expiry <= utcNow;
}
