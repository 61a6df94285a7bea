using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Messages;

/// <summary>
/// <c>POST /v1/messages</c>: an Anthropic Messages request, translated onto chat completions and
/// relayed like one (same limits, budgets, retries, failover and usage), the answer translated back,
/// whole or as Anthropic's stream events.
/// </summary>
internal static class MessagesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, UsageEstimator estimator, IOptions<GatewayOptions> options)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        var chat = MessagesToChatRequest.Translate(body.Span, requireMaxTokens: true);
        var fields = CheckedRequest.Scan(context, chat, RequestShape.Chat);
        var model = fields.Model!;
        var stream = fields.Stream ? new ChatToMessageStream(model, () => estimator.PromptTokens(model, chat)) : null;
        return await relay.ChatAsync(context, fields, chat, null, new ChatToMessageTransform(), stream);
    }
}
