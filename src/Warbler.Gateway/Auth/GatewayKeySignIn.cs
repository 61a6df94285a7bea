using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>
/// What the "gateway key" scheme decides about a request: a ticket for a live key, or the failure
/// whose words the scheme's challenge answers with. Shared by the scheme's handler and the policy
/// evaluator's fast path, so both sign a key in the same way.
/// </summary>
internal static class GatewayKeySignIn
{
    public static Task<AuthenticateResult> AuthenticateAsync(KeyAuthenticator keys, HttpRequest request)
    {
        ValueTask<CallerKey> authenticating;
        try
        {
            authenticating = keys.AuthenticateAsync(request);
        }
        catch (OpenAIErrorException exception)
        {
            return Task.FromResult(AuthenticateResult.Fail(exception));
        }

        // A cached key answers at once: no state machine on that path.
        return authenticating.IsCompletedSuccessfully
            ? Task.FromResult(Success(authenticating.Result))
            : LookedUpAsync(authenticating);
    }

    public static AuthenticateResult Success(CallerKey key) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new GatewayKeyIdentity(key, GatewayAuthSchemes.GatewayKey)), GatewayAuthSchemes.GatewayKey));

    private static async Task<AuthenticateResult> LookedUpAsync(ValueTask<CallerKey> authenticating)
    {
        try
        {
            return Success(await authenticating);
        }
        catch (OpenAIErrorException exception)
        {
            return AuthenticateResult.Fail(exception);
        }
    }
}
