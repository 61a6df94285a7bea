using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>
/// Signs in the caller of <c>/api/admin</c>: a live key (the admin key, or another that the policy
/// then refuses with 403), else, where users are accepted, whoever the user scheme signs in. Its
/// refusals are ProblemDetails saying what the endpoint takes and what was wrong with the credential.
/// </summary>
internal sealed class AdminApiAuthenticationHandler(
    IOptionsMonitor<AdminApiAuthenticationOptions> options, UrlEncoder encoder, KeyAuthenticator keys)
    : AuthenticationHandler<AdminApiAuthenticationOptions>(options, NullLoggerFactory.Instance, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (await keys.TryAuthenticateAsync(Request) is { } key)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new GatewayKeyIdentity(key, Scheme.Name)), Scheme.Name));
        }

        if (Options is { AcceptsUsers: true, UserScheme: { } userScheme })
        {
            var signedIn = await Context.AuthenticateAsync(userScheme);
            if (signedIn.Succeeded)
            {
                return AuthenticateResult.Success(new AuthenticationTicket(signedIn.Principal, Scheme.Name));
            }
        }

        return AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            await keys.AuthenticateAsync(Request);
        }
        catch (OpenAIErrorException exception)
        {
            // The authenticator's words for a secret that is no key speak of /v1; here, say what this endpoint takes.
            var detail = KeyAuthenticator.PresentsOtherSecret(Request)
                ? Options.AcceptsUsers
                    ? "This endpoint needs the admin key, or a signed-in user with the admin role; the credential sent is neither a Warbler key nor a valid sign-in."
                    : "This endpoint needs the admin key; the credential sent is not a Warbler key."
                : exception.Error.Message;
            await TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(Context);
            return;
        }

        // A key that authenticates now (just made, or found in the database): it is not an admin's, or it would have been let in.
        await HandleForbiddenAsync(properties);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => TypedResults.Problem(
        Options.AcceptsUsers ? "This endpoint needs an admin: a user with the admin role, or the admin key." : "This endpoint needs the admin key.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden").ExecuteAsync(Context);
}
