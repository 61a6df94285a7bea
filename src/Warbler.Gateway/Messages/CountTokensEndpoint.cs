using System.Text.Json;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Messages;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: the prompt's tokens by Warbler's tokenizer for the model,
/// framed as a chat request is, plus the tool definitions. No upstream is called and nothing is metered.
/// </summary>
internal static class CountTokensEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, UsageEstimator estimator, TokenCounter counter, IOptions<GatewayOptions> options)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        var chat = MessagesToChatRequest.Translate(body.Span, requireMaxTokens: false);
        var model = RequestScanner.Scan(chat, RequestShape.Chat).Model!;
        if (!context.User.GetGatewayKey().MayUse(model))
        {
            throw new OpenAIErrorException(OpenAIError.ModelNotAllowed(model));
        }

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
}

/// <summary>The answer of <c>count_tokens</c>: <c>{"input_tokens": N}</c>.</summary>
internal sealed record CountTokensResponse(int InputTokens);
