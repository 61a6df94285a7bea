using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Warbler.Data.Bots;

namespace Warbler.Data.Teams;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>, IEntityTypeConfiguration<TeamMember>, IEntityTypeConfiguration<BotTeam>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(TeamLimits.NameMaxLength);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(TeamLimits.DescriptionMaxLength);
        builder.ComplexProperty(t => t.Limits, SpendingLimitsColumns.Configure);
    }

    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BotTeam> builder)
    {
        builder.ToTable("bot_teams");
        builder.HasKey(b => new { b.BotId, b.TeamId });
        builder.HasIndex(b => b.TeamId);
        builder.HasOne<Bot>().WithMany().HasForeignKey(b => b.BotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(b => b.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class SpendingLimitsColumns
{
    public static void Configure(ComplexPropertyBuilder<SpendingLimits> limits)
    {
        limits.Property(l => l.CostBudget).HasPrecision(20, 10);
        limits.Property(l => l.DailyCostBudget).HasPrecision(20, 10);
        limits.Property(l => l.MonthlyCostBudget).HasPrecision(20, 10);
    }
}
