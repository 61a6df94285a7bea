using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Warbler.Server.Hosting;

/// <summary>
/// The web app (built from <c>web/</c> into <c>wwwroot</c> beside the server): its files, and its
/// page for each of its own routes. Only those routes answer with the page, so an unknown
/// <c>/api</c>, <c>/v1</c> or <c>/hubs</c> URL still gets its API's 404.
/// </summary>
public static class WebApp
{
    /// <summary>The routes the app draws itself (see <c>web/src/routes.ts</c>).</summary>
    private static readonly string[] ClientRoutes = ["/", "/signin", "/signup", "/rooms/{**path}", "/admin/{**path}", "/usage/{**path}", "/teams/{**path}"];

    /// <summary>
    /// The page may run only its own scripts: a message that slipped a script or a handler past
    /// the sanitizer still runs nothing. Styles may be inline, for highlighted code; images may be
    /// the page's own previews of files about to be sent (blob:), and https images: the users'
    /// avatars, which single sign-on providers host on their own domains.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseWarblerWebApp(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Vite names every asset after its content, so an asset never changes under its name.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
            },
        });
        return app;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        foreach (var route in ClientRoutes)
        {
            app.MapGet(route, (HttpContext context) => Page(context, index)).ExcludeFromDescription();
        }

        return app;
    }

    private static IResult Page(HttpContext context, Microsoft.Extensions.FileProviders.IFileInfo index)
    {
        if (!index.Exists || index.PhysicalPath is null)
        {
            return TypedResults.Problem(
                "The web app was not built into this server's wwwroot: build the server with Node.js and npm installed (see docs/chat/web-app.md).",
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found");
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.PhysicalFile(index.PhysicalPath, "text/html; charset=utf-8");
    }
}
