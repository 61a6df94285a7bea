using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Users;

internal sealed class WarblerUserConfiguration : IEntityTypeConfiguration<WarblerUser>
{
    public void Configure(EntityTypeBuilder<WarblerUser> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.DisplayName).HasMaxLength(UserLimits.DisplayNameMaxLength);
        builder.Property(u => u.AvatarUrl).HasMaxLength(UserLimits.AvatarUrlMaxLength);
        builder.ComplexProperty(u => u.Limits, Teams.SpendingLimitsColumns.Configure);
    }
}
