using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Warbler.Data.Keys;
using Warbler.Data.Providers;
using Warbler.Data.Rooms;
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

    public DbSet<Room> Rooms => Set<Room>();

    public DbSet<RoomMember> RoomMembers => Set<RoomMember>();

    public DbSet<RoomBot> RoomBots => Set<RoomBot>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageVersion> MessageVersions => Set<MessageVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarblerDbContext).Assembly);
    }
}
