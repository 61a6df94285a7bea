using Scalar.AspNetCore;
using Warbler.Server.Hosting.OpenApi;

namespace Warbler.Server.Hosting;

/// <summary>
/// The HTTP API described for its users: one OpenAPI document at <c>/openapi/v1.json</c> (from which
/// mobile developers generate clients) and a browsable reference at <c>/docs</c>.
/// </summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    public static WebApplicationBuilder AddWarblerApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddDocumentTransformer<SecuritySchemesTransformer>();
            options.AddOperationTransformer<SecurityRequirementsTransformer>();
            options.AddOperationTransformer<GatewayRequestBodyTransformer>();
            options.AddOperationTransformer<MediaRequestBodyTransformer>();
            options.AddOperationTransformer<UploadRequestBodyTransformer>();
            options.AddSchemaTransformer<NumberSchemaTransformer>();
            options.AddSchemaTransformer<OptionalSchemaTransformer>();
        });
        return builder;
    }

    public static WebApplication MapWarblerApiReference(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");

        // Scalar's script is served from the package itself ({ReferencePath}/scalar.js); with the
        // default fonts off, the page loads nothing from a CDN.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Warbler API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .AddPreferredSecuritySchemes(SecuritySchemesTransformer.AccessToken));
        return app;
    }
}
