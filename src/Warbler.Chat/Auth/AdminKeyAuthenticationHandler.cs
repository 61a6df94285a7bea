using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Warbler.Chat.Users;
using Warbler.Gateway.Keys;

namespace Warbler.Chat.Auth;

/// <summary>
/// Signs in the gateway's admin key as an admin of the chat. Any other credential, including a
/// user's bearer token or a plain gateway key, is no result here, so the user scheme decides.
/// </summary>
internal sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string KeyIdClaimType = "warbler:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (await keys.TryAuthenticateAsync(Request) is not { IsAdmin: true } key)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "admin key"),
                new Claim(ClaimTypes.Role, ChatRoles.Admin),
                new Claim(KeyIdClaimType, key.Id.ToString()),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
