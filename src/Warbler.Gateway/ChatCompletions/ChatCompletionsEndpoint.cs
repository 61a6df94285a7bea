using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.ChatCompletions;

/// <summary><c>POST /v1/chat/completions</c>: checked, then relayed byte for byte.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            var fields = CheckedRequest.Scan(context, body, RequestShape.Chat);
            return await relay.ChatAsync(context, fields, body.Memory, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
