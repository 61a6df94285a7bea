using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Warbler.Data.Bots;
using Warbler.Data.Keys;
using Warbler.Data.Usage;
using Warbler.Data.Users;

namespace Warbler.Data;

/// <summary>
/// The one context through which everything Warbler stores is read and written: keys and usage,
/// chat users (ASP.NET Core Identity), bots, and the data-protection keys that sign users' tokens
/// and cookies, so those outlive a restart and are shared by every node.
/// </summary>
public class WarblerDbContext(DbContextOptions<WarblerDbContext> options)
    : IdentityDbContext<WarblerUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<Bot> Bots => Set<Bot>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's model first, so the names and settings below override its defaults.
        base.OnModelCreating(modelBuilder);
        IdentityTables.Rename(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarblerDbContext).Assembly);
    }
}
