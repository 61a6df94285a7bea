using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Warbler.Server.Hosting;

/// <summary>
/// Cross-origin access by path: <c>/v1</c> for the configured gateway origins (any, by default),
/// without credentials; <c>/api</c>, <c>/chat</c> and <c>/hubs</c> only for the configured chat
/// origins, with credentials. Everything else answers without CORS headers.
/// </summary>
public static class WarblerCors
{
    /// <summary>Headers a page may read from a <c>/v1</c> answer: the request id and what OpenAI clients use to pace themselves.</summary>
    private static readonly string[] GatewayExposedHeaders =
    [
        RequestIdMiddleware.HeaderName, "x-upstream-request-id", HeaderNames.RetryAfter,
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ];

    private static readonly string[] ChatPaths = ["/api", "/chat", "/hubs"];

    public static WebApplicationBuilder AddWarblerCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WarblerCorsOptions>()
            .BindConfiguration(WarblerCorsOptions.SectionName)
            .Validate(options => options.ChatOrigins.All(IsExactOrigin), "Cors:ChatOrigins takes exact origins such as https://chat.example.com; '*' is not allowed there, since those calls carry the user's cookie.")
            .ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddSingleton<ICorsPolicyProvider, PathCorsPolicyProvider>();
        return builder;
    }

    private static bool IsExactOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && !origin.EndsWith('/');

    private sealed class PathCorsPolicyProvider(IOptions<WarblerCorsOptions> options) : ICorsPolicyProvider
    {
        private readonly CorsPolicy? _gateway = GatewayPolicy(options.Value.GatewayOrigins);
        private readonly CorsPolicy? _chat = ChatPolicy(options.Value.ChatOrigins);

        public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
        {
            var path = context.Request.Path;
            var policy = path.StartsWithSegments("/v1") ? _gateway
                : ChatPaths.Any(prefix => path.StartsWithSegments(prefix)) ? _chat
                : null;
            return Task.FromResult(policy);
        }

        private static CorsPolicy? GatewayPolicy(string[]? origins)
        {
            if (origins is [])
            {
                return null;
            }

            var policy = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(GatewayExposedHeaders);
            policy = origins is null || origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins);
            return policy.SetPreflightMaxAge(TimeSpan.FromHours(1)).Build();
        }

        private static CorsPolicy? ChatPolicy(string[] origins) => origins.Length == 0
            ? null
            : new CorsPolicyBuilder()
                .WithOrigins(origins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()
                .WithExposedHeaders(RequestIdMiddleware.HeaderName, HeaderNames.RetryAfter, HeaderNames.Location)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))
                .Build();
    }
}
