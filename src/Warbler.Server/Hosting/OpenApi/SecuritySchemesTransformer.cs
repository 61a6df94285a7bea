using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>The ways a caller proves who it is; <see cref="SecurityRequirementsTransformer"/> says which each operation takes.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public const string GatewayKey = "gatewayKey";
    public const string AdminKey = "adminKey";
    public const string AccessToken = "accessToken";
    public const string Cookie = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        var schemes = document.Components.SecuritySchemes;
        schemes[GatewayKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "wk-…",
            Description = "A Warbler key (`wk-…`), created with `POST /api/admin/keys`, sent as `Authorization: Bearer wk-…`. The admin key is accepted too.",
        };
        schemes[AdminKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The server's admin key (the setting `WARBLER_ADMIN_KEY`), sent as `Authorization: Bearer …`.",
        };
        schemes[AccessToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A user's access token from `POST /api/auth/login` (renewed with `POST /api/auth/refresh`), sent as `Authorization: Bearer …`.",
        };
        schemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "warbler.auth",
            Description = "The sign-in cookie set by `POST /api/auth/login?useCookies=true` (the web app).",
        };
        return Task.CompletedTask;
    }
}
