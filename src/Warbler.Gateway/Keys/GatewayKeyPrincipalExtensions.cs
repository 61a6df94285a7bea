using System.Security.Claims;

namespace Warbler.Gateway.Keys;

internal static class GatewayKeyPrincipalExtensions
{
    /// <summary>The key that authenticated this request (<see cref="GatewayKeyIdentity"/>), or null.</summary>
    public static CallerKey? FindGatewayKey(this ClaimsPrincipal principal)
    {
        // One identity is the rule; the loop is for principals merged from several schemes.
        if (principal.Identity is GatewayKeyIdentity primary)
        {
            return primary.Key;
        }

        foreach (var identity in principal.Identities)
        {
            if (identity is GatewayKeyIdentity keyIdentity)
            {
                return keyIdentity.Key;
            }
        }

        return null;
    }

    /// <summary>The key that authenticated this request; for endpoints whose policy requires one.</summary>
    public static CallerKey GetGatewayKey(this ClaimsPrincipal principal) =>
        principal.FindGatewayKey() ?? throw new InvalidOperationException("The request was not authenticated with a key.");
}
