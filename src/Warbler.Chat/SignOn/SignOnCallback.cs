using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Warbler.Data;
using Warbler.Data.Users;

namespace Warbler.Chat.SignOn;

/// <summary>
/// The end of a provider's sign-in, once the OpenID Connect handler has checked state, nonce, the
/// code exchange and the ID token (issuer, audience, signature): the Warbler user is found or made,
/// and signed in with the user cookie (or, for the command-line tool, given a one-time code).
/// Failures go back to the web app's sign-in page with an error code, never a 500.
/// </summary>
internal static class SignOnCallback
{
    public static async Task TicketReceivedAsync(TicketReceivedContext context, string provider)
    {
        var cli = CliSignOn.From(context.Properties);
        try
        {
            await SignInAsync(context, provider, cli);
        }
        catch (Exception exception) when (StorageFailure.IsUnavailable(exception))
        {
            // The provider's answer is used up; a new sign-on, once the database answers, succeeds.
            SignOnLog.Failed(Logger(context.HttpContext), provider, Describe(exception));
            Refuse(context, cli, SignOnErrors.StorageUnavailable);
        }
    }

    private static async Task SignInAsync(TicketReceivedContext context, string provider, CliSignOn? cli)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<SignOnOptions>>().Value.SignOn.Providers[provider];
        var outcome = await services.GetRequiredService<SignOnAccounts>().SignInAsync(provider, settings, context.Principal!, context.HttpContext.RequestAborted);
        if (outcome.User is not { } user)
        {
            Refuse(context, cli, outcome.Error ?? SignOnErrors.Failed);
            return;
        }

        if (cli is not null)
        {
            var code = await services.GetRequiredService<SignOnCodes>().IssueAsync(user.Id, cli.Challenge, context.HttpContext.RequestAborted);
            context.Response.Redirect(cli.Callback("code", code));
            context.HandleResponse();
            return;
        }

        // The provider's claims stay out of Warbler's cookie: it carries the user as a password sign-in does.
        var signIn = services.GetRequiredService<SignInManager<WarblerUser>>();
        context.Principal = await signIn.CreateUserPrincipalAsync(user);
        context.Properties = new AuthenticationProperties { IsPersistent = true };
        context.ReturnUri = ReturnUrls.IsLocal(context.ReturnUri) ? context.ReturnUri : "/";
    }

    public static Task RemoteFailureAsync(RemoteFailureContext context, string provider)
    {
        SignOnLog.Failed(Logger(context.HttpContext), provider, Describe(context.Failure));
        var error = context.Failure is HttpRequestException || context.Failure?.InnerException is HttpRequestException ? SignOnErrors.Unavailable : SignOnErrors.Failed;
        Refuse(context, CliSignOn.From(context.Properties), error);
        return Task.CompletedTask;
    }

    private static void Refuse<TOptions>(HandleRequestContext<TOptions> context, CliSignOn? cli, string error)
        where TOptions : RemoteAuthenticationOptions
    {
        context.Response.Redirect(cli is null ? SignOnErrors.PagePath(error) : cli.Callback("error", error));
        context.HandleResponse();
    }

    private static ILogger Logger(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignOnCallback));

    /// <summary>The failure's type and message (the handler's messages name the protocol error, not tokens or secrets).</summary>
    private static string Describe(Exception? failure) =>
        failure is null ? "unknown" : $"{failure.GetType().Name}: {failure.Message}" + (failure.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "");
}
