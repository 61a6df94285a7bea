using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// <c>GET /v1/responses/{id}</c>, <c>GET /v1/responses/{id}/input_items</c> and
/// <c>DELETE /v1/responses/{id}</c>: a stored response, for the key that made it only.
/// </summary>
internal static class StoredResponsesEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static RouteGroupBuilder MapStoredResponses(this RouteGroupBuilder v1)
    {
        v1.MapGet("/responses/{id}", GetAsync)
            .WithSummary("Get a stored response")
            .WithDescription("A response made with `store` (true by default) by this key, exactly as it was returned; 404 as an OpenAI error for another key's, a deleted or an expired one.");
        v1.MapGet("/responses/{id}/input_items", ListInputItemsAsync)
            .WithSummary("List a stored response's input items")
            .WithDescription("The input items of a stored response, in OpenAI's list format: `limit` (1–100, default 20), `order` (`asc` or `desc`, the default), `after` (an item id).");
        v1.MapDelete("/responses/{id}", DeleteAsync)
            .WithSummary("Delete a stored response")
            .WithDescription("Deletes a response this key stored; it can no longer be read or continued with `previous_response_id`.");
        return v1;
    }

    private static async Task<IResult> GetAsync(string id, string? stream, HttpContext context, IResponseStore store)
    {
        if (stream is not null)
        {
            return new OpenAIErrorResult(OpenAIError.InvalidRequest("Warbler does not replay a stored response as a stream: leave out 'stream'.", "stream", "unsupported_parameter"));
        }

        var response = await store.FindAsync(id, context.User.GetGatewayKey().Id, context.RequestAborted);
        return response is null
            ? NotFound(id)
            : TypedResults.Text(response.ResponseJson, "application/json", Encoding.UTF8);
    }

    // limit is taken as text, not a number, so a bad value gets OpenAI's error naming it.
    private static async Task<IResult> ListInputItemsAsync(string id, string? limit, string? order, string? after, HttpContext context, IResponseStore store)
    {
        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            return new OpenAIErrorResult(OpenAIError.InvalidRequest($"'limit' must be a whole number from 1 to {MaxLimit}.", "limit", "invalid_value"));
        }

        order ??= "desc";
        if (order is not ("asc" or "desc"))
        {
            return new OpenAIErrorResult(OpenAIError.InvalidRequest("'order' must be 'asc' or 'desc'.", "order", "invalid_value"));
        }

        var response = await store.FindAsync(id, context.User.GetGatewayKey().Id, context.RequestAborted);
        if (response is null)
        {
            return NotFound(id);
        }

        var items = StoredItems.Input(response, withIds: true);
        if (order == "desc")
        {
            items.Reverse();
        }

        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var index = items.FindIndex(item => item["id"]?.GetValueKind() == JsonValueKind.String && item["id"]!.GetValue<string>() == after);
            if (index < 0)
            {
                return new OpenAIErrorResult(OpenAIError.InvalidRequest($"No input item with id '{after}' in response '{id}'.", "after", "invalid_value"));
            }

            start = index + 1;
        }

        var page = items.Skip(start).Take(pageSize).ToList();
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page]),
            ["first_id"] = page.Count > 0 ? page[0]["id"]?.DeepClone() : null,
            ["last_id"] = page.Count > 0 ? page[^1]["id"]?.DeepClone() : null,
            ["has_more"] = start + page.Count < items.Count,
        };
        return TypedResults.Text(list.ToJsonString(GatewayJson.SerializerOptions), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IResponseStore store) =>
        await store.DeleteAsync(id, context.User.GetGatewayKey().Id, context.RequestAborted)
            ? TypedResults.Json(new { id, @object = "response", deleted = true }, GatewayJson.SnakeCase)
            : NotFound(id);

    /// <summary>As OpenAI answers for a response that is not there: another key's is not told apart.</summary>
    private static OpenAIErrorResult NotFound(string id) =>
        new(new OpenAIError(StatusCodes.Status404NotFound, $"Response with id '{id}' not found.", "invalid_request_error"));
}
