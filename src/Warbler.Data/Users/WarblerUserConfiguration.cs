using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Warbler.Data.Teams;

namespace Warbler.Data.Users;

internal sealed class WarblerUserConfiguration : IEntityTypeConfiguration<WarblerUser>
{
    public void Configure(EntityTypeBuilder<WarblerUser> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.DisplayName).HasMaxLength(UserLimits.DisplayNameMaxLength);
        builder.Property(u => u.AvatarUrl).HasMaxLength(UserLimits.AvatarUrlMaxLength);
        builder.ComplexProperty(u => u.Limits, SpendingLimitsColumns.Configure);

        // Configured here rather than with the team, so Teams does not import Users.
        builder.HasMany<TeamMember>().WithOne().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
