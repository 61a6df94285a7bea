using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Usage;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("usage_records");
        builder.Property(r => r.RequestId).HasMaxLength(64);
        builder.Property(r => r.Model).HasMaxLength(256);
        builder.Property(r => r.AnsweredModel).HasMaxLength(256);
        builder.Property(r => r.Provider).HasMaxLength(128);
        builder.Property(r => r.Cost).HasPrecision(20, 10);
        builder.Property(r => r.Unit).HasMaxLength(16);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => new { r.KeyId, r.CreatedAt });
        builder.HasIndex(r => new { r.UserId, r.CreatedAt });
        builder.HasIndex(r => new { r.TeamId, r.CreatedAt });
    }
}
