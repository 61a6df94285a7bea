using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Warbler.Data.Users;

/// <summary>Identity's other tables, named like the rest of the database rather than <c>AspNet…</c>.</summary>
internal static class IdentityTables
{
    public static void Rename(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdentityRole<Guid>>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
    }
}
