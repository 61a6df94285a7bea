using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>
/// ASP.NET Core's policy evaluator, with a short way through the "gateway key" policy that every
/// <c>/v1</c> request meets: a live key found in the cache is signed in as its scheme signs it in
/// (<see cref="GatewayKeySignIn"/>) and authorized without building an authorization context, the
/// largest per-request cost the general path adds to the relay. Everything else (a key that needs
/// a lookup, any refusal, every other policy) takes the general path, so challenges and answers
/// are exactly the scheme's.
/// </summary>
internal sealed class GatewayKeyPolicyEvaluator(KeyAuthenticator keys) : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Authorized = Task.FromResult(PolicyAuthorizationResult.Success());

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        if (IsGatewayKeyPolicy(policy) && keys.FindCached(context.Request) is { } key)
        {
            var result = GatewayKeySignIn.Success(key);
            context.User = result.Principal!;
            return Task.FromResult(result);
        }

        return General(context).AuthenticateAsync(policy, context);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(
        AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource) =>
        IsGatewayKeyPolicy(policy) && authenticationResult.Succeeded && context.User.Identity is GatewayKeyIdentity
            ? Authorized
            : General(context).AuthorizeAsync(policy, authenticationResult, context, resource);

    /// <summary>One scheme, the gateway key's, and nothing required but an authenticated caller.</summary>
    private static bool IsGatewayKeyPolicy(AuthorizationPolicy policy) =>
        policy.AuthenticationSchemes is [GatewayAuthSchemes.GatewayKey]
        && policy.Requirements is [DenyAnonymousAuthorizationRequirement];

    private static PolicyEvaluator General(HttpContext context) => context.RequestServices.GetRequiredService<PolicyEvaluator>();
}
