using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Data.Tools;

internal sealed class ToolConfiguration :
    IEntityTypeConfiguration<McpServer>, IEntityTypeConfiguration<BotTool>, IEntityTypeConfiguration<ReplyToolStep>
{
    public void Configure(EntityTypeBuilder<McpServer> builder)
    {
        builder.ToTable("mcp_servers");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(ToolLimits.ServerNameMaxLength);
        builder.Property(s => s.NormalizedName).HasMaxLength(ToolLimits.ServerNameMaxLength);
        builder.HasIndex(s => s.NormalizedName).IsUnique();
        builder.Property(s => s.Transport).HasMaxLength(16);
        builder.Property(s => s.Url).HasMaxLength(ToolLimits.UrlMaxLength);
        builder.Property(s => s.Command).HasMaxLength(ToolLimits.CommandMaxLength);
    }

    public void Configure(EntityTypeBuilder<BotTool> builder)
    {
        builder.ToTable("bot_tools");
        builder.HasKey(t => new { t.BotId, t.ServerId, t.ToolName });
        builder.Property(t => t.ToolName).HasMaxLength(ToolLimits.ToolNameMaxLength);
        builder.HasOne<Bot>().WithMany().HasForeignKey(t => t.BotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<McpServer>().WithMany().HasForeignKey(t => t.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.ServerId);
    }

    public void Configure(EntityTypeBuilder<ReplyToolStep> builder)
    {
        builder.ToTable("tool_steps");
        builder.Property(s => s.ServerName).HasMaxLength(ToolLimits.ServerNameMaxLength);
        builder.Property(s => s.ToolName).HasMaxLength(ToolLimits.ToolNameMaxLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Message>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.MessageId, s.Index }).IsUnique();
    }
}
