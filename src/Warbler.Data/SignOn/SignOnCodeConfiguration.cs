using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Warbler.Data.Users;

namespace Warbler.Data.SignOn;

internal sealed class SignOnCodeConfiguration : IEntityTypeConfiguration<SignOnCode>
{
    public void Configure(EntityTypeBuilder<SignOnCode> builder)
    {
        builder.ToTable("sign_on_codes");
        builder.HasKey(c => c.CodeHash);
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.Challenge).HasMaxLength(128);
        builder.HasIndex(c => c.ExpiresAt);
        builder.HasOne<WarblerUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
