using System.Collections.Concurrent;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Looks a key the cache does not know up in the database (in a cluster: see <see cref="KeyAuthenticator"/>):
/// another server may have just created it, and its notice can arrive a few milliseconds after the
/// key's first requests. The requests of one key share one lookup, however many arrive at once.
/// Lookups of different keys run <see cref="MaxRunning"/> at a time, <see cref="MaxWaiting"/> more
/// wait their turn, and past that a key is refused at once, so a flood of made-up keys cannot put
/// more than that on the database.
/// </summary>
internal sealed partial class KeyMissLookup(
    KeyCache cache, IStoredKeyReader reader, RecentlyUnknownKeys unknown, GatewayMetrics metrics, ILogger<KeyMissLookup> logger)
{
    public const int MaxRunning = 4;

    public const int MaxWaiting = 32;

    private readonly ConcurrentDictionary<KeyHash, Task<Lookup>> _lookups = new();
    private readonly SemaphoreSlim _running = new(MaxRunning);

    /// <summary>Lookups running or waiting for their turn.</summary>
    private int _admitted;

    /// <returns>The live key of that hash, or null when there is none (or too many lookups are under way).</returns>
    public async Task<CallerKey?> FindAsync(KeyHash hash, CancellationToken cancellationToken)
    {
        // A second try only when a revocation raced the shared read in a way that leaves this request's answer in doubt.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (unknown.Contains(hash))
            {
                // The cache wins: a notice may have brought the key since the caller missed it (see ReadAsync).
                return cache.TryGet(hash, out var known) ? known : null;
            }

            var removals = cache.Removals;
            if (Join(hash) is not { } lookup)
            {
                return null;
            }

            // Only this request stops waiting when it is cancelled; the lookup goes on for the others.
            var result = await lookup.WaitAsync(cancellationToken);

            // A key read while a revocation landed serves the requests that came before it, as they
            // would have been served just before; one that came after it reads again.
            if (result.Key is null || result.Kept || result.RemovalsBefore == removals)
            {
                return result.Key;
            }
        }

        return null;
    }

    /// <returns>The lookup under way for this hash, a new one, or null when too many are under way.</returns>
    private Task<Lookup>? Join(KeyHash hash)
    {
        if (_lookups.TryGetValue(hash, out var running))
        {
            return running;
        }

        // A lookup that ended since the caller missed the cache put its key there before it left the
        // table: read the cache again rather than look the same key up twice.
        if (cache.TryGet(hash, out var cached))
        {
            return Task.FromResult(new Lookup(cached, true, 0));
        }

        if (Interlocked.Increment(ref _admitted) > MaxRunning + MaxWaiting)
        {
            Interlocked.Decrement(ref _admitted);
            metrics.RecordKeyLookup(KeyLookupOutcomes.Busy);
            return null;
        }

        var started = new TaskCompletionSource<Lookup>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = _lookups.GetOrAdd(hash, started.Task);
        if (lookup != started.Task)
        {
            Interlocked.Decrement(ref _admitted);
            return lookup;
        }

        _ = RunAsync(hash, started);
        return lookup;
    }

    private async Task RunAsync(KeyHash hash, TaskCompletionSource<Lookup> lookup)
    {
        var result = Lookup.Failed;
        try
        {
            // No caller's token: the lookup is every waiting request's. The database's timeouts bound it.
            await _running.WaitAsync(CancellationToken.None);
            try
            {
                result = await ReadAsync(hash);
            }
            finally
            {
                _running.Release();
            }
        }
        finally
        {
            // Out of the table before the answer, so no request joins a lookup that has ended: one that
            // comes later finds the key in the cache, or the hash among the unknown ones.
            _lookups.TryRemove(KeyValuePair.Create(hash, lookup.Task));
            Interlocked.Decrement(ref _admitted);
            lookup.SetResult(result);
        }
    }

    private async Task<Lookup> ReadAsync(KeyHash hash)
    {
        // A revocation that lands while the database is read must win: such a key is not cached.
        var removals = cache.Removals;
        CallerKey? key;
        try
        {
            key = await reader.FindLiveAsync(hash, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LookupFailed(logger, exception);
            metrics.RecordKeyLookup(KeyLookupOutcomes.Failed);
            return Lookup.Failed;
        }

        if (key is null)
        {
            // Remembered only once the database has said no, and only ever read after the cache (by
            // KeyAuthenticator, and again above on a hit), so a key's notice putting it in the cache
            // undoes this whichever lands first. A secret is made at random and shown once, when it
            // is stored, so no request can present a key before it exists: this only holds back
            // keys that are revoked or never were.
            unknown.Add(hash);
            metrics.RecordKeyLookup(KeyLookupOutcomes.Unknown);
            return new Lookup(null, false, removals);
        }

        metrics.RecordKeyLookup(KeyLookupOutcomes.Found);
        return new Lookup(key, cache.AddUnlessRemovedSince(hash, key, removals), removals);
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not look a key up in the database; it is refused for now.")]
    private static partial void LookupFailed(ILogger logger, Exception exception);

    /// <param name="Key">The live key, or null.</param>
    /// <param name="Kept">True when the key went into the cache (no key was removed while it was read).</param>
    /// <param name="RemovalsBefore"><see cref="KeyCache.Removals"/> as the read began.</param>
    private sealed record Lookup(CallerKey? Key, bool Kept, long RemovalsBefore)
    {
        public static readonly Lookup Failed = new(null, false, 0);
    }
}
