using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Keys;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Keys;

/// <summary>Creates, lists and revokes stored keys, keeping <see cref="KeyCache"/> in step (and, through <see cref="ClusterNotices"/>, the other servers' caches).</summary>
internal sealed class KeyStore(WarblerDbContext db, KeyCache cache, ClusterNotices notices, TimeProvider time, GatewayMetrics metrics)
{
    /// <returns>The stored key and its secret, which is not kept anywhere.</returns>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(
        string name, IReadOnlyList<string> models, DateTimeOffset? expiresAt, bool isAdmin, CancellationToken cancellationToken, KeyLimits? limits = null,
        Guid? ownerUserId = null, Guid? teamId = null)
    {
        var secret = KeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = name,
            Prefix = KeySecret.PrefixOf(secret),
            Hash = KeyHash.Of(secret).ToBytes(),
            IsAdmin = isAdmin,
            Models = [.. models],
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt?.UtcDateTime,
            OwnerUserId = ownerUserId,
            TeamId = teamId,
        };
        (limits ?? KeyLimits.None).ApplyTo(key);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        cache.Add(key);
        notices.Publish(KeyNotices.Topic, key.Id);
        return (key, secret);
    }

    public async Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().Where(k => !k.IsAdmin).OrderBy(k => k.Id).ToListAsync(cancellationToken);

    /// <summary>Applies <paramref name="change"/> to a live key and puts the result in force at once.</summary>
    /// <returns>The key as changed, or null when there is no such live key.</returns>
    public async Task<ApiKey?> UpdateAsync(Guid id, Action<ApiKey> change, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && !k.IsAdmin && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return null;
        }

        change(key);
        await db.SaveChangesAsync(cancellationToken);
        cache.Add(key);
        notices.Publish(KeyNotices.Topic, key.Id);
        return key;
    }

    /// <returns>False when there is no such key.</returns>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && !k.IsAdmin, cancellationToken);
        if (key is null)
        {
            return false;
        }

        // Out of the cache first: from this moment the key is refused.
        cache.Remove(id);
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);

            // And again once stored: a lookup that read the key between the first removal and the
            // commit (see KeyMissLookup) may have put it back.
            cache.Remove(id);
        }

        // Told after the revocation is stored, so the other servers read it revoked.
        notices.Publish(KeyNotices.Topic, id);
        return true;
    }

    /// <summary>Fills the cache with every live key; run once at start.</summary>
    public async Task LoadCacheAsync(CancellationToken cancellationToken)
    {
        await foreach (var key in db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            cache.Add(key);
        }
    }

    /// <summary>Reads one key again after another server changed it: in the cache if live, out of it if not.</summary>
    public async Task ReloadAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        cache.Remove(id);
        if (key is { RevokedAt: null })
        {
            cache.Add(key);
        }
    }

    /// <summary>Reads every key again (after notices may have been missed): revoked ones leave the cache.</summary>
    public async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        var live = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
        metrics.RecordKeyReload();
        cache.RemoveAllBut(live.Select(k => k.Id).ToHashSet());
        foreach (var key in live)
        {
            cache.Add(key);
        }
    }

    public Task<bool> AnyAdminKeyAsync(CancellationToken cancellationToken) =>
        db.ApiKeys.AnyAsync(k => k.IsAdmin && k.RevokedAt == null, cancellationToken);
}
