using System.Text.Json;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Messages;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: for a model of an Anthropic provider, the provider's own
/// count; otherwise, or when it cannot count, the prompt's tokens by Warbler's tokenizer for the
/// model, framed as a chat request is, plus the tool definitions. Nothing is metered.
/// </summary>
internal static class CountTokensEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CompletionRelay relay, UsageEstimator estimator, TokenCounter counter, IOptions<GatewayOptions> options)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (MessagesRequestFields.PeekModel(body.Span) is { } named && relay.RelaysMessages(named))
        {
            CheckMayUse(context, named);
            if (await relay.CountMessageTokensAsync(named, body.Memory, MessagesEndpoint.ClientHeaders(context), context.RequestAborted) is { } counted)
            {
                return TypedResults.Json(new CountTokensResponse(counted), GatewayJson.SnakeCase);
            }
        }

        var chat = MessagesToChatRequest.Translate(body.Span, requireMaxTokens: false);
        var model = RequestScanner.Scan(chat, RequestShape.Chat).Model!;
        CheckMayUse(context, model);
        var tokens = estimator.PromptTokens(model, chat);
        using (var document = JsonDocument.Parse(chat))
        {
            if (document.RootElement.TryGetProperty("tools", out var tools))
            {
                tokens += counter.Count(model, tools.GetRawText());
            }
        }

        return TypedResults.Json(new CountTokensResponse(tokens), GatewayJson.SnakeCase);
    }

    private static void CheckMayUse(HttpContext context, string model)
    {
        if (!context.User.GetGatewayKey().MayUse(model))
        {
            throw new OpenAIErrorException(OpenAIError.ModelNotAllowed(model));
        }
    }
}

/// <summary>The answer of <c>count_tokens</c>: <c>{"input_tokens": N}</c>.</summary>
internal sealed record CountTokensResponse(int InputTokens);
