using Warbler.Gateway.Configuration;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>: checked, routed by model like chat, relayed byte for byte, and
/// metered by the answer's <c>usage.prompt_tokens</c> (counted by Warbler when the upstream gives none).
/// </summary>
internal static class EmbeddingsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, TokenCounter counter, RelayServices services, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            var request = EmbeddingRequest.Scan(body.Span);
            context.Features.Set(new GatewayCall { Model = request.Model });
            int? counted = null;
            var answer = await relay.SendAsync(context, UpstreamOperation.Embeddings, request.Model, body.Memory, null, () => counted ??= request.InputTokens(counter));
            var relayed = new RelayRequest(body.Memory, body, null, ClientWantsUsage: true) { CountPromptTokens = () => counted ??= request.InputTokens(counter) };
            return new RelayResult(answer, relayed, options.Value.MaxResponseBodyBytes, services);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
