using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Auth;
using Warbler.Contracts.Auth;
using Warbler.Data.Users;

namespace Warbler.Chat.SignOn;

/// <summary>
/// Single sign-on's routes: the providers for the sign-in page's buttons, the start of a sign-on in a
/// browser or for the command-line tool, and the command-line tool's code exchange. The providers'
/// callbacks (<c>/api/auth/sign-on/{name}/callback</c>) are handled by the OpenID Connect handler.
/// </summary>
internal static class SignOnApi
{
    public static IEndpointRouteBuilder MapSignOnApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(AuthApi.Prefix).WithTags("Auth").AllowAnonymous();
        group.MapGet("/providers", GetProviders)
            .WithSummary("How people may sign in: the single sign-on providers, and whether password sign-up and sign-in are on");
        group.MapGet("/sign-on/{name}", StartAsync)
            .WithSummary("Sign in with a single sign-on provider (a browser navigates here)")
            .WithDescription(
                "Redirects to the provider; after the sign-in the browser comes back signed in (the user cookie) to `returnUrl`, a path of this server (default `/`). " +
                "A failed sign-in comes back to `/?signOnError=CODE` (failed, unavailable, email-taken, locked).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/sign-on/{name}/cli", StartForCliAsync)
            .WithSummary("Sign in with a single sign-on provider for the command-line tool")
            .WithDescription(
                "Redirects to the provider; after the sign-in the browser is sent to `http://127.0.0.1:{port}/callback?code=CODE&state=STATE` " +
                "(or `?error=CODE&state=STATE`). The one-time code is exchanged with `POST /api/auth/sign-on/token` within 2 minutes.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/sign-on/token", ExchangeAsync)
            .WithSummary("Exchange a command-line sign-on's one-time code and PKCE verifier for tokens")
            .WithDescription("Answers the same tokens as `POST /api/auth/login`. A code works once, for 2 minutes, and only with the verifier of the challenge it was started with.")
            .Produces<AccessTokens>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireRateLimiting(LoginRateLimiting.PolicyName);
        return app;
    }

    private static Ok<SignOnProvidersResponse> GetProviders(IOptions<SignOnOptions> options)
    {
        var value = options.Value;
        var providers = value.SignOn.Providers.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new SignOnProviderInfo(SignOnSchemes.Login(p.Key), p.Value.ShownName(p.Key))).ToList();
        return TypedResults.Ok(new SignOnProvidersResponse(providers, value.PasswordSignUp, value.PasswordSignIn));
    }

    private static async Task<Results<ChallengeHttpResult, RedirectHttpResult, ProblemHttpResult, ValidationProblem>> StartAsync(
        string name, string? returnUrl, IOptions<SignOnOptions> options, ProviderMetadata metadata, CancellationToken cancellationToken)
    {
        if (!options.Value.SignOn.Providers.ContainsKey(name))
        {
            return UnknownProvider(name);
        }

        if (returnUrl is not null && !ReturnUrls.IsLocal(returnUrl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["returnUrl"] = ["A path of this server, such as /rooms: another site is not allowed."],
            });
        }

        if (!await metadata.ReachableAsync(name, cancellationToken))
        {
            return TypedResults.Redirect(SignOnErrors.PagePath(SignOnErrors.Unavailable));
        }

        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = returnUrl ?? "/" }, [SignOnSchemes.For(name)]);
    }

    private static async Task<Results<ChallengeHttpResult, RedirectHttpResult, ProblemHttpResult, ValidationProblem>> StartForCliAsync(
        string name, int? port, string? state, string? challenge, IOptions<SignOnOptions> options, ProviderMetadata metadata, CancellationToken cancellationToken)
    {
        if (!options.Value.SignOn.Providers.ContainsKey(name))
        {
            return UnknownProvider(name);
        }

        var errors = CliSignOn.Validate(port, state, challenge);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var cli = new CliSignOn(port!.Value, state!, challenge!);
        if (!await metadata.ReachableAsync(name, cancellationToken))
        {
            return TypedResults.Redirect(cli.Callback("error", SignOnErrors.Unavailable));
        }

        var properties = new AuthenticationProperties { RedirectUri = "/" };
        cli.AddTo(properties);
        return TypedResults.Challenge(properties, [SignOnSchemes.For(name)]);
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> ExchangeAsync(
        SignOnTokenRequest? request, SignOnCodes codes, UserManager<WarblerUser> users, SignInManager<WarblerUser> signIn, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request is not { Code.Length: > 0 and <= 200, Verifier.Length: >= 43 and <= 128 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["code"] = ["The one-time code from the loopback callback, and the PKCE verifier (43 to 128 characters) as 'verifier'."],
            });
        }

        if (await codes.RedeemAsync(request.Code, request.Verifier, cancellationToken) is not { } userId
            || await users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return TypedResults.Problem("The code is unknown, already used or expired (codes last 2 minutes), or the verifier does not match: sign on again.", statusCode: StatusCodes.Status400BadRequest);
        }

        // As POST /api/auth/login does: the bearer scheme writes the token pair as the answer.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user, isPersistent: false);
        SignOnLog.CodeExchanged(loggers.CreateLogger(typeof(SignOnApi)), user.Id);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult UnknownProvider(string name) =>
        TypedResults.Problem($"There is no single sign-on provider '{name}': GET /api/auth/providers lists them.", statusCode: StatusCodes.Status404NotFound);
}
