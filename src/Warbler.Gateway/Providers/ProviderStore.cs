using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Providers;
using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers;

/// <summary>
/// Reads and writes the providers stored in the database, keeping <see cref="ProviderRegistry"/>
/// in step: each change is in force for the next request (on the other servers sharing a Redis, within a second). Call the changing methods while
/// holding <see cref="ProviderRegistry.LockChangesAsync"/>.
/// </summary>
internal sealed class ProviderStore(WarblerDbContext db, ProviderRegistry registry, ProviderKeyProtector protector, ClusterNotices notices, TimeProvider time)
{
    internal const string UnreadableKeyProblem =
        "The stored API key cannot be decrypted: the Data Protection key ring no longer holds the key that encrypted it. Set the API key again.";

    internal const string WarblerKeyProblem =
        "The stored API key is a Warbler key (wk-...), which no upstream takes, so it is never sent. Set the provider's own key as apiKey.";

    /// <summary>Every stored provider, oldest first; a key that cannot be decrypted leaves its provider out of force.</summary>
    public async Task<List<ProviderDefinition>> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Providers.AsNoTracking().OrderBy(p => p.CreatedAt).ThenBy(p => p.NormalizedName).ToListAsync(cancellationToken);
        return rows.Select(ToDefinition).ToList();
    }

    public async Task<ProviderDefinition?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(name, cancellationToken);
        return row is null ? null : ToDefinition(row);
    }

    /// <returns>The provider as stored, or null when the name is taken (by another node too).</returns>
    public async Task<ProviderDefinition?> AddAsync(string name, Configuration.ProviderOptions options, bool enabled, CancellationToken cancellationToken)
    {
        var normalized = StoredProvider.Normalize(name);
        if (await db.Providers.AnyAsync(p => p.NormalizedName == normalized, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var row = new StoredProvider
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = name,
            NormalizedName = normalized,
            Enabled = enabled,
            Settings = StoredProviderSettings.Serialize(options),
            ProtectedApiKey = string.IsNullOrEmpty(options.ApiKey) ? null : protector.Protect(options.ApiKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Providers.Add(row);
        try
        {
            // Not cancelled half-way: once written, the registry must follow.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.Providers.Entry(row).State = EntityState.Detached;
            return null;
        }

        var definition = ToDefinition(row, options.ApiKey);
        registry.PutStored(definition);
        notices.Publish(ProviderNotices.Topic, definition.Name);
        return definition;
    }

    /// <summary>
    /// Saves <paramref name="changed"/> over the stored provider of that name. The key is written
    /// only when <paramref name="keyChanged"/>, so a key that cannot be decrypted is kept as it is.
    /// </summary>
    /// <returns>The provider as stored, or null when it is no longer stored.</returns>
    public async Task<ProviderDefinition?> UpdateAsync(ProviderDefinition changed, bool keyChanged, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(changed.Name, cancellationToken);
        if (row is null)
        {
            return null;
        }

        row.Enabled = changed.Enabled;
        row.Settings = StoredProviderSettings.Serialize(changed.Options);
        if (keyChanged)
        {
            row.ProtectedApiKey = string.IsNullOrEmpty(changed.Options.ApiKey) ? null : protector.Protect(changed.Options.ApiKey);
        }

        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        var definition = keyChanged ? ToDefinition(row, changed.Options.ApiKey) : ToDefinition(row);
        registry.PutStored(definition);
        notices.Publish(ProviderNotices.Topic, definition.Name);
        return definition;
    }

    /// <returns>The provider removed (without its key), or null when no provider of that name is stored.</returns>
    public async Task<ProviderDefinition?> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(name, cancellationToken);
        if (row is null)
        {
            return null;
        }

        db.Providers.Remove(row);
        await db.SaveChangesAsync(CancellationToken.None);
        registry.RemoveStored(row.Name);
        notices.Publish(ProviderNotices.Topic, row.Name);
        return ToDefinition(row, null);
    }

    private Task<StoredProvider?> FindRowAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = StoredProvider.Normalize(name);
        return db.Providers.SingleOrDefaultAsync(p => p.NormalizedName == normalized, cancellationToken);
    }

    private ProviderDefinition ToDefinition(StoredProvider row)
    {
        if (row.ProtectedApiKey is null)
        {
            return ToDefinition(row, null);
        }

        try
        {
            var apiKey = protector.Unprotect(row.ProtectedApiKey);

            // Stored before such keys were refused: keep it out of force rather than send it upstream.
            return ProviderRules.IsWarblerKey(apiKey)
                ? ToDefinition(row, null) with { Problem = WarblerKeyProblem }
                : ToDefinition(row, apiKey);
        }
        catch (CryptographicException)
        {
            return ToDefinition(row, null) with { Problem = UnreadableKeyProblem };
        }
    }

    private static ProviderDefinition ToDefinition(StoredProvider row, string? apiKey) => new(
        row.Name,
        ProviderSource.Database,
        StoredProviderSettings.Deserialize(row.Settings, apiKey),
        row.Enabled,
        StoredTime.AsUtc(row.CreatedAt),
        StoredTime.AsUtc(row.UpdatedAt));
}
