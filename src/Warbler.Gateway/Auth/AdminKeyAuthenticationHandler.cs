using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>
/// Signs in the admin key, and nobody else: any other credential, a user's bearer token or a
/// plain gateway key, is no result, so the other schemes of the route's policy decide. Its
/// refusals are bare 401 and 403, worded by whoever owns the route.
/// </summary>
internal sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, KeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync() =>
        await keys.TryAuthenticateAsync(Request) is { IsAdmin: true } key
            ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new GatewayKeyIdentity(key, Scheme.Name)), Scheme.Name))
            : AuthenticateResult.NoResult();
}
