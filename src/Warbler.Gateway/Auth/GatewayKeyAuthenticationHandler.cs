using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>
/// Signs in a live key (from the cache; see <see cref="KeyAuthenticator"/>). A refusal answers 401
/// in OpenAI's error shape, with the authenticator's words for what was wrong with the credential.
/// </summary>
internal sealed class GatewayKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, KeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        GatewayKeySignIn.AuthenticateAsync(keys, Request);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var refusal = result.Failure as OpenAIErrorException
            ?? new OpenAIErrorException(OpenAIError.InvalidApiKey("The request was not authenticated with a gateway key."));
        await OpenAIErrorResult.From(refusal).ExecuteAsync(Context);
    }
}
