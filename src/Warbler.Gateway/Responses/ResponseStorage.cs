using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Responses.Storage;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Where <c>/v1/responses</c> meets its store: <see cref="ResolvePreviousAsync"/> finds the
/// conversation a <c>previous_response_id</c> continues (for the calling key only),
/// <see cref="WithConversation"/> puts it before the new input for a translating provider, and
/// <see cref="KeeperFor"/> saves the finished response unless the request says <c>"store": false</c>.
/// </summary>
internal static class ResponseStorage
{
    /// <summary>
    /// The conversation <c>previous_response_id</c> continues, or null when the request names none.
    /// One this key cannot see (another key's, deleted, expired) is a 404, as OpenAI answers, on
    /// every route: a natively relayed request must not continue another key's conversation either.
    /// </summary>
    public static async Task<ResponseConversation?> ResolvePreviousAsync(HttpContext context, ResponsesRequest request, IResponseStore store)
    {
        if (PreviousId(request) is not { } previous)
        {
            return null;
        }

        return await store.CollectConversationAsync(previous, context.User.GetGatewayKey().Id, context.RequestAborted)
            ?? throw new OpenAIErrorException(new OpenAIError(
                StatusCodes.Status404NotFound, $"Previous response with id '{previous}' not found.", "invalid_request_error", "previous_response_id", "previous_response_not_found"));
    }

    /// <summary>
    /// The request a translating provider is sent: the earlier turns' input and output items, then
    /// the new input. Earlier instructions are not carried over, as OpenAI's are not.
    /// </summary>
    public static ResponsesRequest WithConversation(ResponsesRequest request, ResponseConversation? conversation)
    {
        if (conversation is null)
        {
            return request;
        }

        var input = new JsonArray([.. conversation.Items.Select(item => JsonNode.Parse(item.GetRawText()))]);
        switch (request["input"])
        {
            case JsonArray items:
                foreach (var item in items)
                {
                    input.Add(item?.DeepClone());
                }

                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                input.Add(new JsonObject { ["role"] = "user", ["content"] = text.GetValue<string>() });
                break;
        }

        var root = (JsonObject)request.Root.DeepClone();
        root["input"] = input;
        return new ResponsesRequest(root);
    }

    /// <summary>What saves the finished response for the calling key; null with <c>"store": false</c>.</summary>
    public static ResponseKeeper? KeeperFor(HttpContext context, ResponsesRequest request, string model, IResponseStore store)
    {
        if (request["store"] is JsonValue value && value.GetValueKind() == JsonValueKind.False)
        {
            return null;
        }

        var instructions = request["instructions"];
        var stored = new StoredRequest(
            context.User.GetGatewayKey().Id,
            model,
            PreviousId(request),
            InputJson(request["input"]),
            instructions is null || instructions.GetValueKind() == JsonValueKind.Null ? null : instructions.ToJsonString());
        return new ResponseKeeper(store, stored, context.RequestAborted);
    }

    /// <summary>The input as items: a string input is kept as the one user message it stands for.</summary>
    private static string InputJson(JsonNode? input) => input switch
    {
        JsonValue text when text.GetValueKind() == JsonValueKind.String => new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text.GetValue<string>() }).ToJsonString(),
        null => "[]",
        _ => input.ToJsonString(),
    };

    private static string? PreviousId(ResponsesRequest request) => request["previous_response_id"] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new OpenAIErrorException(OpenAIError.InvalidRequest("'previous_response_id' must be a string: the id of an earlier response.", "previous_response_id", "invalid_type")),
    };
}
