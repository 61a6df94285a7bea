using System.Collections.Concurrent;
using System.Collections.Frozen;
using Warbler.Data.Keys;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Every live key, by hash. Requests are checked against this, never against the database;
/// creating and revoking keys update it at once.
/// </summary>
internal sealed class KeyCache
{
    private readonly ConcurrentDictionary<KeyHash, CallerKey> _keys = new();
    private long _removals;

    public int Count => _keys.Count;

    /// <summary>Goes up each time keys are taken out, so a reader can tell a removal happened while it read.</summary>
    public long Removals => Interlocked.Read(ref _removals);

    public bool TryGet(KeyHash hash, out CallerKey key) => _keys.TryGetValue(hash, out key!);

    public void Add(KeyHash hash, CallerKey key) => _keys[hash] = key;

    public void Add(ApiKey stored) => Add(KeyHash.FromBytes(stored.Hash), ToCallerKey(stored));

    /// <summary>Adds a key read from the database, unless keys were removed since <paramref name="removals"/> (a revocation may have raced the read).</summary>
    /// <returns>True when the key was added.</returns>
    public bool AddUnlessRemovedSince(KeyHash hash, CallerKey key, long removals)
    {
        lock (_keys)
        {
            if (Removals != removals)
            {
                return false;
            }

            _keys[hash] = key;
            return true;
        }
    }

    public void Remove(Guid id)
    {
        lock (_keys)
        {
            Interlocked.Increment(ref _removals);
        }

        foreach (var (hash, key) in _keys)
        {
            if (key.Id == id)
            {
                _keys.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Removes every stored key not in <paramref name="liveIds"/>; the admin key from configuration (not stored) stays.</summary>
    public void RemoveAllBut(IReadOnlySet<Guid> liveIds)
    {
        lock (_keys)
        {
            Interlocked.Increment(ref _removals);
        }

        foreach (var (hash, key) in _keys)
        {
            if (key.Id != Guid.Empty && !liveIds.Contains(key.Id))
            {
                _keys.TryRemove(hash, out _);
            }
        }
    }

    public static CallerKey ToCallerKey(ApiKey stored) =>
        new(stored.Id, stored.Name, stored.Prefix, stored.IsAdmin, stored.Models.ToFrozenSet(StringComparer.Ordinal), stored.ExpiresAt, KeyLimits.Of(stored), stored.OwnerUserId, stored.TeamId);
}
