namespace Warbler.Gateway.Keys;

/// <summary>Reads one live key by its hash from where keys are stored; what <see cref="KeyMissLookup"/> asks when the cache does not know a key.</summary>
internal interface IStoredKeyReader
{
    /// <returns>The key of that hash if it is stored and not revoked, else null.</returns>
    Task<CallerKey?> FindLiveAsync(KeyHash hash, CancellationToken cancellationToken);
}
