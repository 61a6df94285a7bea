using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Models;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the models this key may use.</summary>
internal static class ModelsEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext context, ModelCatalog catalog, ProviderRegistry registry)
    {
        var key = context.User.GetGatewayKey();
        var models = (await catalog.ListAsync(context.RequestAborted)).Where(m => key.MayUse(m.Id)).ToList();
        if (registry.Snapshot.IsDemo)
        {
            // The demo answers for any name; a key limited to some models sees those, marked as the demo's.
            models.AddRange(key.Models.Order(StringComparer.Ordinal).Where(id => models.TrueForAll(m => m.Id != id)).Select(StandIn));
        }

        return TypedResults.Ok(new ModelList(models));
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, ModelCatalog catalog, ProviderRegistry registry)
    {
        var key = context.User.GetGatewayKey();
        if (!key.MayUse(id))
        {
            return new OpenAIErrorResult(OpenAIError.ModelNotFound(id));
        }

        var models = await catalog.ListAsync(context.RequestAborted);
        if (models.FirstOrDefault(m => m.Id == id) is { } model)
        {
            return TypedResults.Ok(model);
        }

        return registry.Snapshot.IsDemo ? TypedResults.Ok(StandIn(id)) : new OpenAIErrorResult(OpenAIError.ModelNotFound(id));
    }

    /// <summary>A model the demo answers for in its place.</summary>
    private static ModelInfo StandIn(string id) => new(id, DemoProvider.Created, DemoProvider.Owner) { Capabilities = DemoProvider.Capabilities };
}
