using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Warbler.Data.Users;

namespace Warbler.Chat.SignOn;

/// <summary>
/// Finds the Warbler user behind a provider's sign-in: by the external login (provider + <c>sub</c>),
/// else by verified email (linking the login to that account), else a new user without a password.
/// Then applies the groups claim.
/// </summary>
internal sealed class SignOnAccounts(UserManager<WarblerUser> users, SignOnGroups groups, ILogger<SignOnAccounts> logger)
{
    public async Task<SignOnOutcome> SignInAsync(string provider, SignOnProvider settings, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var claims = SignOnClaims.From(principal, settings.GroupsClaim);
        if (claims.Subject is null)
        {
            SignOnLog.Refused(logger, provider, "the ID token has no sub claim.");
            return SignOnOutcome.Refused(SignOnErrors.Failed);
        }

        var login = SignOnSchemes.Login(provider);
        var user = await users.FindByLoginAsync(login, claims.Subject);
        if (user is null && claims.Email is not null && await users.FindByEmailAsync(claims.Email) is { } existing)
        {
            // An unverified email could be anybody's: linking it would hand them the account.
            if (!settings.LinkByEmail || !claims.EmailVerified)
            {
                SignOnLog.Refused(logger, provider, $"an account has the email of subject {claims.Subject}, which is not verified by the provider (or LinkByEmail is off).");
                return SignOnOutcome.Refused(SignOnErrors.EmailTaken);
            }

            if (!await AddLoginAsync(existing, login, claims.Subject, settings, provider))
            {
                return SignOnOutcome.Refused(SignOnErrors.Failed);
            }

            user = existing;
            SignOnLog.UserLinked(logger, provider, user.Id);
        }

        if (user is null)
        {
            user = await CreateAsync(provider, login, settings, claims);
            if (user is null)
            {
                return SignOnOutcome.Refused(SignOnErrors.Failed);
            }
        }

        if (await users.IsLockedOutAsync(user))
        {
            SignOnLog.Refused(logger, provider, $"user {user.Id} is locked out.");
            return SignOnOutcome.Refused(SignOnErrors.Locked);
        }

        // The picture follows the provider's; the display name is the user's to change after the first sign-in.
        if (claims.AvatarUrl is not null && claims.AvatarUrl != user.AvatarUrl)
        {
            user.AvatarUrl = claims.AvatarUrl;
            await users.UpdateAsync(user);
        }

        await groups.ApplyAsync(provider, settings, user, claims.Groups, cancellationToken);
        return new SignOnOutcome(user, null);
    }

    private async Task<WarblerUser?> CreateAsync(string provider, string login, SignOnProvider settings, SignOnClaims claims)
    {
        var user = new WarblerUser
        {
            // Identity needs a user name; without an email, one nobody can guess or sign in with.
            UserName = claims.Email ?? "sso-" + Guid.NewGuid().ToString("N"),
            Email = claims.Email,
            EmailConfirmed = claims.Email is not null && claims.EmailVerified,
            DisplayName = claims.Name ?? "",
            AvatarUrl = claims.AvatarUrl,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            SignOnLog.Refused(logger, provider, "the user could not be created: " + string.Join(" ", created.Errors.Select(e => e.Code)));
            if (user.Id != Guid.Empty && await users.FindByIdAsync(user.Id.ToString()) is { } half)
            {
                await users.DeleteAsync(half);
            }

            return null;
        }

        if (!await AddLoginAsync(user, login, claims.Subject!, settings, provider))
        {
            await users.DeleteAsync(user);
            return null;
        }

        SignOnLog.UserCreated(logger, provider, user.Id);
        return user;
    }

    private async Task<bool> AddLoginAsync(WarblerUser user, string login, string subject, SignOnProvider settings, string provider)
    {
        var added = await users.AddLoginAsync(user, new UserLoginInfo(login, subject, settings.ShownName(provider)));
        if (!added.Succeeded)
        {
            SignOnLog.Refused(logger, provider, $"the login could not be added to user {user.Id}: " + string.Join(" ", added.Errors.Select(e => e.Code)));
        }

        return added.Succeeded;
    }
}
