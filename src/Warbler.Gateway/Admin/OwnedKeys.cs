using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Keys;
using Warbler.Data;
using Warbler.Data.Keys;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Admin;

/// <summary>
/// Keys that belong to a user or a team, for the chat API's <c>/api/me/keys</c> and
/// <c>/api/teams/{id}/keys</c>: created, listed and revoked through <see cref="KeyStore"/>, so
/// every server's cache follows. Shown as the admin API shows keys, never with their secret after creation.
/// </summary>
public sealed class OwnedKeys
{
    private readonly KeyStore _store;
    private readonly WarblerDbContext _db;

    internal OwnedKeys(KeyStore store, WarblerDbContext db)
    {
        _store = store;
        _db = db;
    }

    /// <returns>The key as shown once, with its secret.</returns>
    public async Task<CreatedKeyResponse> CreateAsync(string name, IReadOnlyList<string> models, DateTimeOffset? expiresAt, Guid? ownerUserId, Guid? teamId, CancellationToken cancellationToken)
    {
        var (key, secret) = await _store.CreateAsync(name, models, expiresAt, isAdmin: false, cancellationToken, ownerUserId: ownerUserId, teamId: teamId);
        return KeyResponses.Created(key, secret);
    }

    /// <summary>The live keys of a user (<paramref name="ownerUserId"/>) or of a team, oldest first.</summary>
    public async Task<List<KeyResponse>> ListAsync(Guid? ownerUserId, Guid? teamId, CancellationToken cancellationToken)
    {
        var keys = _db.ApiKeys.AsNoTracking().Where(k => !k.IsAdmin && k.RevokedAt == null);
        keys = ownerUserId is { } owner ? keys.Where(k => k.OwnerUserId == owner) : keys.Where(k => k.TeamId == teamId);
        return (await keys.OrderBy(k => k.Id).ToListAsync(cancellationToken)).Select(KeyResponse.From).ToList();
    }

    /// <summary>A live key, to check whose it is before revoking it; null when there is none.</summary>
    public Task<ApiKey?> FindLiveAsync(Guid id, CancellationToken cancellationToken) =>
        _db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id && !k.IsAdmin && k.RevokedAt == null, cancellationToken);

    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) => _store.RevokeAsync(id, cancellationToken);

    /// <summary>Revokes every live key of a user or a team (deleted: its keys have no foreign key to go with it).</summary>
    public async Task<int> RevokeAllAsync(Guid? ownerUserId, Guid? teamId, CancellationToken cancellationToken)
    {
        var ids = await _db.ApiKeys.AsNoTracking()
            .Where(k => !k.IsAdmin && k.RevokedAt == null && ((ownerUserId != null && k.OwnerUserId == ownerUserId) || (teamId != null && k.TeamId == teamId)))
            .Select(k => k.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await _store.RevokeAsync(id, cancellationToken);
        }

        return ids.Count;
    }
}
