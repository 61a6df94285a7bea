using System.Collections.Concurrent;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>
/// Stands in for the database under <see cref="KeyMissLookup"/>: keys held in memory, each read
/// seeing them as they are when it starts (as a database read does) and answering only once the
/// test opens the gate. Counts the reads and the most that ran at once.
/// </summary>
internal sealed class GatedKeyReader : IStoredKeyReader
{
    private readonly ConcurrentDictionary<KeyHash, CallerKey> _stored = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;
    private int _running;
    private int _mostAtOnce;

    public int Reads => Volatile.Read(ref _reads);

    public int Running => Volatile.Read(ref _running);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>When set, reads fail with it, as when the database cannot be reached.</summary>
    public Exception? Failure { get; set; }

    public void Store(KeyHash hash, CallerKey key) => _stored[hash] = key;

    public void Revoke(KeyHash hash) => _stored.TryRemove(hash, out _);

    /// <summary>Lets every read waiting, and every later one, answer.</summary>
    public void Open() => _gate.TrySetResult();

    public async Task<CallerKey?> FindLiveAsync(KeyHash hash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        try
        {
            var failure = Failure;
            var found = _stored.TryGetValue(hash, out var key) ? key : null;
            await _gate.Task.WaitAsync(cancellationToken);
            return failure is null ? found : throw failure;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var seen = Volatile.Read(ref location);
        while (value > seen && Interlocked.CompareExchange(ref location, value, seen) is var before && before != seen)
        {
            seen = before;
        }
    }
}
