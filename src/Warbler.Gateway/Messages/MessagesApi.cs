using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Gateway.Accounting;
using Warbler.Gateway.Auth;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Messages;

/// <summary>The Anthropic-compatible routes: <c>/v1/messages</c> and its <c>count_tokens</c>, answering errors in Anthropic's format.</summary>
internal static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app, string prefix)
    {
        // As chat completions: the key is signed in first, the accounting filter is outermost; only the error dialect differs.
        app.MapGroup(prefix)
            .RequireAuthorization(GatewayPolicies.GatewayKey)
            .AddEndpointFilter<CompletionAccountingFilter>()
            .AddEndpointFilter<OpenAIErrorEndpointFilter>()
            .AddEndpointFilter<RateLimitHeadersFilter>()
            .WithMetadata(ErrorDialectMetadata.Anthropic)
            .WithTags("Anthropic-compatible")
            .MapPost("/messages", MessagesEndpoint.HandleAsync)
            .WithSummary("Create a message (Anthropic Messages API)")
            .WithDescription("Anthropic-compatible. To a provider of the Anthropic kind the request is relayed as it is (prompt caching, thinking, beta features named in `anthropic-beta` kept); to any other provider it is translated onto chat completions. Either way with the same keys, limits, budgets, retries, failover and usage; the answer comes back as an Anthropic message. The key may be sent as `x-api-key` or `Authorization: Bearer`. Errors are in Anthropic's format. With `\"stream\": true` the answer comes as Anthropic's server-sent events (`message_start`, `content_block_start`/`_delta`/`_stop`, `message_delta` with the usage, `message_stop`).");

        // Counting calls no upstream, so nothing is metered: no accounting filter.
        app.MapGroup(prefix)
            .RequireAuthorization(GatewayPolicies.GatewayKey)
            .AddEndpointFilter<OpenAIErrorEndpointFilter>()
            .AddEndpointFilter<RateLimitHeadersFilter>()
            .WithMetadata(ErrorDialectMetadata.Anthropic)
            .WithTags("Anthropic-compatible")
            .MapPost("/messages/count_tokens", CountTokensEndpoint.HandleAsync)
            .WithSummary("Count a message's tokens (Anthropic Messages API)")
            .WithDescription("`{\"input_tokens\": N}` for a Messages request: counted by the provider for a model of an Anthropic provider, otherwise (or when it cannot count) by Warbler's tokenizer for the model. No usage is recorded.");
        return app;
    }
}
