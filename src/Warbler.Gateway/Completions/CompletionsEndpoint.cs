using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Completions;

/// <summary><c>POST /v1/completions</c>, the legacy <c>prompt</c> API.</summary>
internal static class CompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            var fields = CheckedRequest.Scan(context, body, RequestShape.Completion);
            return await relay.CompletionAsync(context, fields, body.Memory, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
