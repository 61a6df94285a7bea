using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Identity;

namespace Warbler.Chat.SignOn;

/// <summary>Single sign-on: the options, and one OpenID Connect scheme per configured provider.</summary>
internal static class SignOnServiceCollectionExtensions
{
    public static IServiceCollection AddSignOn(this IServiceCollection services)
    {
        services.AddOptions<SignOnOptions>().BindConfiguration(SignOnOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignOnOptions>, SignOnOptionsValidator>();
        services.AddScoped<SignOnAccounts>();
        services.AddScoped<SignOnGroups>();
        services.AddScoped<SignOnCodes>();
        services.AddSingleton<ProviderMetadata>();

        // One scheme per provider, added when the options are first read (after every source of
        // configuration is in), each configured from its provider's settings by name.
        services.AddAuthentication();
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<SignOnOptions>>((authentication, signOn) =>
        {
            foreach (var (provider, settings) in signOn.Value.SignOn.Providers)
            {
                authentication.AddScheme(SignOnSchemes.For(provider), scheme =>
                {
                    scheme.HandlerType = typeof(OpenIdConnectHandler);
                    scheme.DisplayName = settings.ShownName(provider);
                });
            }
        });
        services.TryAddTransient<OpenIdConnectHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, SchemeSetup>();
        return services;
    }

    /// <summary>Sets up a provider's scheme from its settings.</summary>
    private sealed class SchemeSetup(IOptions<SignOnOptions> signOn) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(string? name, OpenIdConnectOptions options)
        {
            foreach (var (provider, settings) in signOn.Value.SignOn.Providers)
            {
                if (name == SignOnSchemes.For(provider))
                {
                    SignOnServiceCollectionExtensions.Configure(options, provider, settings);
                }
            }
        }

        public void Configure(OpenIdConnectOptions options)
        {
        }
    }

    private static void Configure(OpenIdConnectOptions options, string provider, SignOnProvider settings)
    {
        options.Authority = settings.Authority;
        options.RequireHttpsMetadata = settings.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        options.ClientId = settings.ClientId;
        options.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;

        // Authorization code flow with PKCE; state, nonce, issuer and audience are checked by the handler.
        options.ResponseType = "code";
        options.UsePkce = true;

        // The code comes back in the query: a top-level GET, so the correlation and nonce cookies can
        // be SameSite=Lax and work on a plain-http server too (Secure is added on https).
        options.ResponseMode = "query";
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        options.Scope.Clear();
        foreach (var scope in SignOnScopes.Split(settings.Scopes))
        {
            options.Scope.Add(scope);
        }

        // Claims keep their OpenID Connect names (sub, email, groups); tokens are not kept in Warbler's cookie.
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.TokenValidationParameters.NameClaimType = "name";

        // Each provider has its own paths, so several handlers never answer the same one.
        options.CallbackPath = SignOnSchemes.CallbackPath(provider);
        options.SignedOutCallbackPath = $"{SignOnSchemes.Prefix}/{SignOnSchemes.Login(provider)}/signed-out";
        options.RemoteSignOutPath = $"{SignOnSchemes.Prefix}/{SignOnSchemes.Login(provider)}/remote-sign-out";
        options.SignInScheme = IdentityConstants.ApplicationScheme;
        options.DisableTelemetry = true;

        options.Events.OnTicketReceived = context => SignOnCallback.TicketReceivedAsync(context, provider);
        options.Events.OnRemoteFailure = context => SignOnCallback.RemoteFailureAsync(context, provider);
    }
}
