using Microsoft.AspNetCore.Identity;
using Warbler.Chat.Logging;
using Warbler.Data.Users;

namespace Warbler.Chat.Users;

/// <summary>
/// Identity's user manager, with what every new user gets however it is created (registration or
/// the admin API): a sortable id, its creation time, a display name, and the role <c>user</c>.
/// </summary>
public sealed class WarblerUserManager(
    IUserStore<WarblerUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<WarblerUser> passwordHasher,
    IEnumerable<IUserValidator<WarblerUser>> userValidators,
    IEnumerable<IPasswordValidator<WarblerUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<WarblerUser>> logger,
    TimeProvider time)
    : AspNetUserManager<WarblerUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(WarblerUser user)
    {
        var now = time.GetUtcNow();
        if (user.Id == Guid.Empty)
        {
            user.Id = Guid.CreateVersion7(now);
        }

        user.CreatedAt = now.UtcDateTime;
        if (string.IsNullOrWhiteSpace(user.DisplayName))
        {
            user.DisplayName = DefaultDisplayName(user.Email ?? user.UserName);
        }

        var created = await base.CreateAsync(user);
        if (!created.Succeeded)
        {
            return created;
        }

        var role = await AddToRoleAsync(user, ChatRoles.User);
        if (!role.Succeeded)
        {
            ChatLog.RoleNotGiven(Logger, user.Id, ChatRoles.User, string.Join(" ", role.Errors.Select(e => e.Description)));
        }

        return role;
    }

    /// <summary>Until the user chooses one: the part of the email before the <c>@</c>.</summary>
    internal static string DefaultDisplayName(string? email)
    {
        var name = email?.Split('@')[0].Trim() ?? "";
        name = name.Length == 0 ? "user" : name;
        return name.Length <= UserLimits.DisplayNameMaxLength ? name : name[..UserLimits.DisplayNameMaxLength];
    }
}
