using System.Text.Json.Nodes;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Responses.Storage;

namespace Warbler.Gateway.Responses;

/// <summary>
/// <c>POST /v1/responses</c>: checked, then relayed as it is to providers that have the Responses
/// API, or translated onto <c>/chat/completions</c> for the others (see <see cref="ResponsesToChatRequest"/>).
/// </summary>
internal static class ResponsesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, IResponseStore store, TimeProvider time, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            var fields = CheckedRequest.Scan(context, body, RequestShape.Responses);
            var request = new ResponsesRequest((JsonObject)JsonNode.Parse(body.Span)!);

            // Checked before any provider is asked, relayed or translated: another key's conversation is not continued.
            var conversation = await ResponseStorage.ResolvePreviousAsync(context, request, store);
            var keeper = ResponseStorage.KeeperFor(context, request, fields.Model!, store);
            return await relay.ResponsesAsync(context, fields, body.Memory, body, keeper, model => Translate(request, conversation, keeper, model, time));
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The chat request, and what turns its answer into a response, for a provider without Responses:
    /// a continued conversation is sent whole, from Warbler's store.
    /// </summary>
    private static ChatTranslation Translate(ResponsesRequest request, ResponseConversation? conversation, ResponseKeeper? keeper, string model, TimeProvider time)
    {
        var chatBody = ResponsesToChatRequest.Translate(ResponseStorage.WithConversation(request, conversation), model);
        var response = new ResponseObject(request, ResponseIds.New("resp_"), time.GetUtcNow().ToUnixTimeSeconds());
        Action<ReadOnlyMemory<byte>>? save = keeper is null ? null : keeper.Keep;
        return new ChatTranslation(chatBody, new ChatToResponsesAnswer(response, model, save), new ChatToResponsesStream(response, model, save));
    }
}
