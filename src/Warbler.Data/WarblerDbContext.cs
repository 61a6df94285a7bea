using Microsoft.EntityFrameworkCore;
using Warbler.Data.Keys;
using Warbler.Data.Usage;

namespace Warbler.Data;

/// <summary>The one context through which everything Warbler stores is read and written.</summary>
public class WarblerDbContext(DbContextOptions<WarblerDbContext> options) : DbContext(options)
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarblerDbContext).Assembly);
    }
}
