using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Warbler.Chat.Identity;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Marks each operation with what it takes: <c>/v1</c> a gateway key, <c>/api/admin</c> the admin key
/// (or a signed-in admin, except for managing users), and chat endpoints a signed-in user. The
/// gateway and admin areas check keys in endpoint filters, so their paths say what they need; the
/// chat endpoints carry authorization policies.
/// </summary>
internal sealed class SecurityRequirementsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = "/" + (context.Description.RelativePath ?? "");
        string[] schemes = Schemes(path, context.Description.ActionDescriptor.EndpointMetadata);
        if (schemes.Length == 0)
        {
            return Task.CompletedTask;
        }

        // Each requirement is an alternative: any one of the schemes will do.
        operation.Security ??= [];
        foreach (var scheme in schemes)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [],
            });
        }

        return Task.CompletedTask;
    }

    private static string[] Schemes(string path, IList<object> metadata)
    {
        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return [SecuritySchemesTransformer.GatewayKey];
        }

        if (path.StartsWith("/api/admin/users", StringComparison.Ordinal))
        {
            return [SecuritySchemesTransformer.AdminKey];
        }

        if (path.StartsWith("/api/admin/", StringComparison.Ordinal))
        {
            return [SecuritySchemesTransformer.AdminKey, SecuritySchemesTransformer.AccessToken, SecuritySchemesTransformer.Cookie];
        }

        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return [];
        }

        var policies = metadata.OfType<IAuthorizeData>().ToList();
        if (policies.Count == 0)
        {
            return [];
        }

        return policies.Any(p => p.Policy is ChatPolicies.SignedInOrAdminKey or ChatPolicies.Admin)
            ? [SecuritySchemesTransformer.AccessToken, SecuritySchemesTransformer.Cookie, SecuritySchemesTransformer.AdminKey]
            : [SecuritySchemesTransformer.AccessToken, SecuritySchemesTransformer.Cookie];
    }
}
