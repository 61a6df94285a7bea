using System.Collections.Concurrent;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Hashes the database has just said it does not hold, for <see cref="For"/>: a client that keeps
/// sending a revoked or mistyped key costs one lookup each time this runs out, not one per request.
/// At most <see cref="MaxCount"/> are kept, so a flood of made-up keys cannot grow it without end.
/// Entries that run out are dropped when next asked about, or when it fills.
/// </summary>
internal sealed class RecentlyUnknownKeys(TimeProvider time)
{
    public const int MaxCount = 10_000;

    public static readonly TimeSpan For = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<KeyHash, long> _until = new();

    public bool Contains(KeyHash hash)
    {
        if (!_until.TryGetValue(hash, out var until))
        {
            return false;
        }

        if (time.GetTimestamp() < until)
        {
            return true;
        }

        _until.TryRemove(KeyValuePair.Create(hash, until));
        return false;
    }

    public void Add(KeyHash hash)
    {
        // Full only under a flood of made-up keys: starting afresh costs one lookup more for the
        // keys that were here, where sorting out the stale ones would cost a pass over all of them each time.
        if (_until.Count >= MaxCount)
        {
            _until.Clear();
        }

        _until[hash] = time.GetTimestamp() + (long)(For.TotalSeconds * time.TimestampFrequency);
    }
}
