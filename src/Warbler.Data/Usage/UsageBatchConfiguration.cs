using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Usage;

internal sealed class UsageBatchConfiguration : IEntityTypeConfiguration<UsageBatch>
{
    public void Configure(EntityTypeBuilder<UsageBatch> builder)
    {
        builder.ToTable("usage_batches");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasIndex(b => b.WrittenAt);
    }
}
