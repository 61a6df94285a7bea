using Microsoft.Net.Http.Headers;

namespace Warbler.Server.Hosting;

/// <summary>
/// Headers that make every answer safer in a browser: no type sniffing, no framing, no referrer,
/// and for the API a Content-Security-Policy that lets nothing load or run, since its answers are
/// data and never pages. The web app's page sets its own policy (see <see cref="WebApp"/>); the API
/// reference at <c>/docs</c> keeps none, as its page runs Scalar's scripts and styles.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static WebApplication UseWarblerSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // Only answers over HTTPS carry it; behind a proxy that ends TLS, the proxy sets it.
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
        headers.TryAdd("Referrer-Policy", "no-referrer");
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy) && !context.Request.Path.StartsWithSegments(ApiReference.ReferencePath))
        {
            headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
        }
    }
}
