using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Warbler.Gateway.Auth;

/// <summary>The gateway's schemes (keys) and policies ("gateway key", "admin", "admin key").</summary>
internal static class GatewayAuthentication
{
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, GatewayKeyAuthenticationHandler>(GatewayAuthSchemes.GatewayKey, null)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(GatewayAuthSchemes.AdminKey, null)
            .AddScheme<AdminApiAuthenticationOptions, AdminApiAuthenticationHandler>(GatewayAuthSchemes.AdminApi, options => options.AcceptsUsers = true)
            .AddScheme<AdminApiAuthenticationOptions, AdminApiAuthenticationHandler>(GatewayAuthSchemes.AdminApiKeys, options => options.AcceptsUsers = false);

        // Each policy names one scheme, which answers refusals in its surface's format. The handlers
        // are given no logger: their base class would write a line per request at Information.
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.GatewayKey, policy => policy
                .AddAuthenticationSchemes(GatewayAuthSchemes.GatewayKey)
                .RequireAuthenticatedUser())
            .AddPolicy(GatewayPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(GatewayAuthSchemes.AdminApi)
                .RequireAuthenticatedUser()
                .AddRequirements(new AdminRequirement()))
            .AddPolicy(GatewayPolicies.AdminKey, policy => policy
                .AddAuthenticationSchemes(GatewayAuthSchemes.AdminApiKeys)
                .RequireAuthenticatedUser()
                .AddRequirements(new AdminRequirement()));
        services.AddSingleton<IAuthorizationHandler, AdminKeyRequirementHandler>();

        // The evaluator keeps ASP.NET Core's for everything but a cached key on "gateway key".
        services.AddAuthorization();
        services.AddTransient<PolicyEvaluator>();
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, GatewayKeyPolicyEvaluator>());
        return services;
    }
}
