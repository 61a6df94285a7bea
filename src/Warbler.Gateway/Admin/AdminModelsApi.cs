using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Gateway.Models;

namespace Warbler.Gateway.Admin;

/// <summary>
/// <c>GET /api/admin/models</c>: every model the providers serve, as <c>/v1/models</c> lists them
/// for a key allowed every model. For admins choosing a bot's model, who hold no gateway key.
/// </summary>
internal static class AdminModelsApi
{
    public static RouteGroupBuilder MapAdminModels(this RouteGroupBuilder admin)
    {
        admin.MapGet("/models", ListAsync).WithTags("Admin: models")
            .WithSummary("List every model the providers serve")
            .Produces<ModelList>();
        return admin;
    }

    private static async Task<IResult> ListAsync(ModelCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ModelList(await catalog.ListAsync(cancellationToken)));
}
