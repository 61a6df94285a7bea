using Microsoft.EntityFrameworkCore;
using Warbler.Data;

namespace Warbler.Gateway.Keys;

/// <summary>Reads a live key from the database, in a scope of its own: a lookup is shared by requests, so it belongs to none of them.</summary>
internal sealed class StoredKeyReader(IServiceScopeFactory scopes) : IStoredKeyReader
{
    public async Task<CallerKey?> FindLiveAsync(KeyHash hash, CancellationToken cancellationToken)
    {
        var bytes = hash.ToBytes();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var stored = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == bytes && k.RevokedAt == null, cancellationToken);
        return stored is null ? null : KeyCache.ToCallerKey(stored);
    }
}
