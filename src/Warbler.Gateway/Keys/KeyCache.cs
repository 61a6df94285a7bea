using System.Collections.Concurrent;
using System.Collections.Frozen;
using Warbler.Data.Keys;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Every live key, by hash. Requests are checked against this, never against the database;
/// creating and revoking keys update it at once.
/// </summary>
public sealed class KeyCache
{
    private readonly ConcurrentDictionary<KeyHash, CallerKey> _keys = new();

    public int Count => _keys.Count;

    public bool TryGet(KeyHash hash, out CallerKey key) => _keys.TryGetValue(hash, out key!);

    public void Add(KeyHash hash, CallerKey key) => _keys[hash] = key;

    public void Add(ApiKey stored) => Add(KeyHash.FromBytes(stored.Hash), ToCallerKey(stored));

    public void Remove(Guid id)
    {
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
        foreach (var (hash, key) in _keys)
        {
            if (key.Id != Guid.Empty && !liveIds.Contains(key.Id))
            {
                _keys.TryRemove(hash, out _);
            }
        }
    }

    public static CallerKey ToCallerKey(ApiKey stored) =>
        new(stored.Id, stored.Name, stored.Prefix, stored.IsAdmin, stored.Models.ToFrozenSet(StringComparer.Ordinal), stored.ExpiresAt, KeyLimits.Of(stored));
}
