using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;

namespace Warbler.Gateway.Keys;

/// <summary>
/// In a cluster, looks a key the cache does not know up in the database: another server may have
/// just created it, and its notice can arrive a few milliseconds after the key's first request. A
/// single server's cache is complete, so there it never looks. Lookups run a few at a time, so a
/// flood of made-up keys cannot put more than that on the database.
/// </summary>
internal sealed class KeyMissLookup(KeyCache cache, ClusterNotices notices, IServiceScopeFactory scopes, ILogger<KeyMissLookup> logger)
{
    private const int MaxConcurrentLookups = 4;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentLookups);

    public bool Enabled => notices.ReachesOtherServers;

    /// <returns>The live key of that hash, or null when there is none (or too many lookups are running).</returns>
    public async Task<CallerKey?> FindAsync(KeyHash hash, CancellationToken cancellationToken)
    {
        if (!Enabled || !_slots.Wait(0, CancellationToken.None))
        {
            return null;
        }

        try
        {
            // A revocation that lands while the database is read must win: such a key serves this
            // one request, as it would have just before the revocation, but is not cached.
            var removals = cache.Removals;
            var bytes = hash.ToBytes();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            var stored = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == bytes && k.RevokedAt == null, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            var key = KeyCache.ToCallerKey(stored);
            cache.AddUnlessRemovedSince(hash, key, removals);
            return key;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not look a key up in the database; it is refused for now.");
            return null;
        }
        finally
        {
            _slots.Release();
        }
    }
}
