using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Responses;

internal sealed class StoredResponseConfiguration : IEntityTypeConfiguration<StoredResponse>
{
    public void Configure(EntityTypeBuilder<StoredResponse> builder)
    {
        builder.ToTable("stored_responses");
        builder.Property(r => r.Id).HasMaxLength(StoredResponseLimits.IdMaxLength).ValueGeneratedNever();
        builder.Property(r => r.Model).HasMaxLength(256);
        builder.Property(r => r.Status).HasMaxLength(32);
        builder.Property(r => r.PreviousResponseId).HasMaxLength(StoredResponseLimits.IdMaxLength);

        // The retention sweep deletes by expiry, oldest first.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
