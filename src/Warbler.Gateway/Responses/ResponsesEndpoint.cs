using System.Text.Json.Nodes;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Responses;

/// <summary>
/// <c>POST /v1/responses</c>: checked, then relayed as it is to providers that have the Responses
/// API, or translated onto <c>/chat/completions</c> for the others (see <see cref="ResponsesToChatRequest"/>).
/// </summary>
internal static class ResponsesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, TimeProvider time, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            var fields = CheckedRequest.Scan(context, body, RequestShape.Responses);
            return await relay.ResponsesAsync(context, fields, body.Memory, body, model => Translate(context, body, model, time));
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The chat request, and what turns its answer into a response, for a provider without Responses.</summary>
    private static ChatTranslation Translate(HttpContext context, RequestBody body, string model, TimeProvider time)
    {
        var request = new ResponsesRequest((JsonObject)JsonNode.Parse(body.Span)!);
        ResponseStorage.ResolvePrevious(request);
        var chatBody = ResponsesToChatRequest.Translate(request, model);
        var response = new ResponseObject(request, ResponseIds.New("resp_"), time.GetUtcNow().ToUnixTimeSeconds());
        var save = ResponseStorage.SaverFor(context, request);
        return new ChatTranslation(chatBody, new ChatToResponsesAnswer(response, model, save), new ChatToResponsesStream(response, model, save));
    }
}
