using System.Collections.Concurrent;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Hashes the database has just said it does not hold, for <see cref="For"/>: a client that keeps
/// sending a revoked or mistyped key costs one lookup each time this runs out, not one per request.
/// At most <see cref="MaxCount"/> are kept, so a flood of made-up keys cannot grow it without end.
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
        var now = time.GetTimestamp();
        if (_until.Count >= MaxCount)
        {
            foreach (var (stale, until) in _until)
            {
                if (until <= now)
                {
                    _until.TryRemove(KeyValuePair.Create(stale, until));
                }
            }

            // Still full: this one is simply looked up again next time.
            if (_until.Count >= MaxCount)
            {
                return;
            }
        }

        _until[hash] = now + (long)(For.TotalSeconds * time.TimestampFrequency);
    }
}
