namespace Warbler.Gateway.Keys;

/// <summary>How a lookup of a key the cache did not know ended: the label of <c>warbler.gateway.key_lookups</c>.</summary>
internal static class KeyLookupOutcomes
{
    /// <summary>The database holds the key, live.</summary>
    public const string Found = "found";

    /// <summary>The database holds no live key of that hash.</summary>
    public const string Unknown = "unknown";

    /// <summary>The database could not be read.</summary>
    public const string Failed = "failed";

    /// <summary>Not looked up: too many lookups were under way.</summary>
    public const string Busy = "busy";
}
