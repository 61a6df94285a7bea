using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Providers;

internal sealed class StoredProviderConfiguration : IEntityTypeConfiguration<StoredProvider>
{
    public void Configure(EntityTypeBuilder<StoredProvider> builder)
    {
        builder.ToTable("providers");
        builder.Property(p => p.Name).HasMaxLength(StoredProviderLimits.NameMaxLength);
        builder.Property(p => p.NormalizedName).HasMaxLength(StoredProviderLimits.NameMaxLength);
        builder.HasIndex(p => p.NormalizedName).IsUnique();
    }
}
