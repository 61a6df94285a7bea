using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Warbler.Data.Keys;
using Warbler.Data.Providers;
using Warbler.Data.Usage;

namespace Warbler.Data;

/// <summary>The one context through which everything Warbler stores is read and written.</summary>
public class WarblerDbContext(DbContextOptions<WarblerDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<StoredProvider> Providers => Set<StoredProvider>();

    /// <summary>ASP.NET Core Data Protection's key ring, which protects the stored provider keys.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarblerDbContext).Assembly);
    }
}
