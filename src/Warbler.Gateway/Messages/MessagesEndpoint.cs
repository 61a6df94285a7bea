using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Messages;

/// <summary>
/// <c>POST /v1/messages</c>: relayed as it is to providers that speak Anthropic's Messages API
/// (prompt caching, thinking and every other field kept), and for the others translated onto chat
/// completions and relayed like one, the answer translated back, whole or as Anthropic's stream
/// events. Either way with the same limits, budgets, retries, failover and usage.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>The client's header naming Anthropic's beta features, passed on to native calls only.</summary>
    private const string BetaHeader = "anthropic-beta";

    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, UsageEstimator estimator, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        try
        {
            if (MessagesRequestFields.PeekModel(body.Span) is { } named && relay.RelaysMessages(named))
            {
                var fields = MessagesRequestFields.Scan(context, body.Span);
                return await relay.MessagesAsync(
                    context, fields, body.Memory, body, ClientHeaders(context), new MessagesAnswerDialect(), model => Translate(body.Span, model, estimator));
            }

            using (body)
            {
                var chat = MessagesToChatRequest.Translate(body.Span, requireMaxTokens: true);
                var fields = CheckedRequest.Scan(context, chat, RequestShape.Chat);
                var model = fields.Model!;
                var stream = fields.Stream ? new ChatToMessageStream(model, () => estimator.PromptTokens(model, chat)) : null;
                return await relay.ChatAsync(context, fields, chat, null, new ChatToMessageTransform(), stream);
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The client's headers a native call passes on: <c>anthropic-beta</c>, if sent.</summary>
    internal static KeyValuePair<string, string>[]? ClientHeaders(HttpContext context) =>
        context.Request.Headers.TryGetValue(BetaHeader, out var beta) && beta.ToString() is { Length: > 0 } value ? [new(BetaHeader, value)] : null;

    /// <summary>The chat request for a provider without Messages, asking for the usage chunk when streamed, and what turns its answer back.</summary>
    private static ChatTranslation Translate(ReadOnlySpan<byte> messages, string model, UsageEstimator estimator)
    {
        var chat = MessagesToChatRequest.Translate(messages, requireMaxTokens: true);
        var fields = RequestScanner.Scan(chat, RequestShape.Chat);
        return new ChatTranslation(
            StreamUsageRequest.Ensure(chat, fields),
            new ChatToMessageTransform(),
            new ChatToMessageStream(model, () => estimator.PromptTokens(model, chat)));
    }
}
