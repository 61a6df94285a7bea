using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Keys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Name).HasMaxLength(ApiKeyLimits.NameMaxLength);
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.OwnerUserId);
        builder.HasIndex(k => k.TeamId);

        // No foreign keys: on SQLite adding one rebuilds the table outside a transaction. Deleting a
        // team or user revokes its keys in code instead.
        builder.Property(k => k.CostBudget).HasPrecision(20, 10);
        builder.Property(k => k.DailyCostBudget).HasPrecision(20, 10);
        builder.Property(k => k.MonthlyCostBudget).HasPrecision(20, 10);
    }
}
