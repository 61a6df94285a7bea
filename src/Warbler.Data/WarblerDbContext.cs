using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Warbler.Data.Bots;
using Warbler.Data.Keys;
using Warbler.Data.Knowledge;
using Warbler.Data.Providers;
using Warbler.Data.Responses;
using Warbler.Data.Rooms;
using Warbler.Data.SignOn;
using Warbler.Data.Spending;
using Warbler.Data.Teams;
using Warbler.Data.Tools;
using Warbler.Data.Usage;
using Warbler.Data.Users;

namespace Warbler.Data;

/// <summary>
/// The one context through which everything Warbler stores is read and written: keys and usage,
/// providers, chat users (ASP.NET Core Identity), bots, and the data-protection key ring, shared by
/// every node. The model is the same on every engine; each engine has a derived type
/// (<see cref="SqliteWarblerDbContext"/>, <see cref="PostgresWarblerDbContext"/>) only so that it
/// has its own migrations. Code asks for <see cref="WarblerDbContext"/> and gets the configured one.
/// </summary>
public abstract class WarblerDbContext(DbContextOptions options)
    : IdentityDbContext<WarblerUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    /// <summary>The usage batches written lately, so that one written again is not stored twice.</summary>
    public DbSet<UsageBatch> UsageBatches => Set<UsageBatch>();

    public DbSet<StoredProvider> Providers => Set<StoredProvider>();

    public DbSet<Bot> Bots => Set<Bot>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    /// <summary>Which teams may use which bots; a bot without rows here is open to everyone.</summary>
    public DbSet<BotTeam> BotTeams => Set<BotTeam>();

    /// <summary>One-time codes of command-line sign-ons, until exchanged or expired.</summary>
    public DbSet<SignOnCode> SignOnCodes => Set<SignOnCode>();

    /// <summary>ASP.NET Core Data Protection's key ring: it protects the stored provider keys, and signs users' tokens and cookies.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Room> Rooms => Set<Room>();

    public DbSet<RoomMember> RoomMembers => Set<RoomMember>();

    public DbSet<RoomBot> RoomBots => Set<RoomBot>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageVersion> MessageVersions => Set<MessageVersion>();

    /// <summary>Files uploaded to rooms, sent with messages or waiting to be.</summary>
    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();

    /// <summary>Stored <c>/v1/responses</c> answers, read back and continued by the key that made them.</summary>
    public DbSet<StoredResponse> StoredResponses => Set<StoredResponse>();

    public DbSet<KnowledgeBase> KnowledgeBases => Set<KnowledgeBase>();

    public DbSet<KnowledgeDocument> KnowledgeDocuments => Set<KnowledgeDocument>();

    public DbSet<KnowledgeChunk> KnowledgeChunks => Set<KnowledgeChunk>();

    public DbSet<BotKnowledgeBase> BotKnowledgeBases => Set<BotKnowledgeBase>();

    /// <summary>The knowledge-base passages each bot reply was given.</summary>
    public DbSet<MessageSource> MessageSources => Set<MessageSource>();

    /// <summary>MCP servers whose tools bots may call, the tools each bot may call, and the calls made in replies.</summary>
    public DbSet<McpServer> McpServers => Set<McpServer>();

    public DbSet<BotTool> BotTools => Set<BotTool>();

    public DbSet<ReplyToolStep> ToolSteps => Set<ReplyToolStep>();

    /// <summary>Budget crossings told, one row each across every node.</summary>
    public DbSet<BudgetAlertRecord> BudgetAlerts => Set<BudgetAlertRecord>();

    /// <summary>Webhooks to deliver, and delivered: the outbox of budget notifications.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's model first, so the names and settings below override its defaults.
        base.OnModelCreating(modelBuilder);
        IdentityTables.Rename(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WarblerDbContext).Assembly);
    }
}
