using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Messages;

/// <summary>
/// <c>POST /v1/messages</c>: an Anthropic Messages request, translated onto chat completions and
/// relayed like one (same limits, budgets, retries, failover and usage), the answer translated back.
/// </summary>
internal static class MessagesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, IOptions<GatewayOptions> options)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        var chat = MessagesToChatRequest.Translate(body.Span, requireMaxTokens: true);
        var fields = CheckedRequest.Scan(context, chat, RequestShape.Chat);
        if (IsStreamAsked(body.Span))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest(
                "stream: streaming is not available on Warbler's /v1/messages yet; send the request without \"stream\": true.", "stream"));
        }

        return await relay.ChatAsync(context, fields, chat, null, new ChatToMessageTransform());
    }

    private static bool IsStreamAsked(ReadOnlySpan<byte> json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                return reader.TokenType == System.Text.Json.JsonTokenType.True;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }
}
