using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Models;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the models this key may use.</summary>
internal static class ModelsEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext context, ModelCatalog catalog)
    {
        var key = context.GetCallerKey();
        var models = await catalog.ListAsync(context.RequestAborted);
        return TypedResults.Ok(new ModelList(models.Where(m => key.MayUse(m.Id)).ToList()));
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, ModelCatalog catalog)
    {
        var key = context.GetCallerKey();
        var models = await catalog.ListAsync(context.RequestAborted);
        return models.FirstOrDefault(m => m.Id == id) is { } model && key.MayUse(model.Id)
            ? TypedResults.Ok(model)
            : new OpenAIErrorResult(OpenAIError.ModelNotFound(id));
    }
}
