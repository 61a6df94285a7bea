using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Gateway.Accounting;
using Warbler.Gateway.Admin;
using Warbler.Gateway.Auth;
using Warbler.Gateway.ChatCompletions;
using Warbler.Gateway.Completions;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Embeddings;
using Warbler.Gateway.Engines;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Models;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway;

/// <summary>The OpenAI-compatible <c>/v1</c> API and the gateway's admin API.</summary>
public static class GatewayApi
{
    public const string Prefix = GatewayPaths.Prefix;

    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        // The "gateway key" policy signs the key in before any filter runs (a refusal in OpenAI's shape).
        // Completions are accounted for: the accounting filter is outermost, so it also sees refusals.
        var completions = app.MapGroup(Prefix)
            .RequireAuthorization(GatewayPolicies.GatewayKey)
            .AddEndpointFilter<CompletionAccountingFilter>()
            .AddEndpointFilter<OpenAIErrorEndpointFilter>()
            .AddEndpointFilter<RateLimitHeadersFilter>()
            .WithTags("OpenAI-compatible");
        completions.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync)
            .WithSummary("Create a chat completion")
            .WithDescription("OpenAI-compatible. The body is relayed to a provider serving the model, unchanged but for what Warbler must enforce (such as the key's token limit). With `\"stream\": true` the reply comes as server-sent events, as from OpenAI. Retries and fails over between providers; usage is recorded for the key.");
        completions.MapPost("/completions", CompletionsEndpoint.HandleAsync)
            .WithSummary("Create a completion (legacy)")
            .WithDescription("The legacy OpenAI completions API, relayed like chat completions.");
        completions.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync)
            .WithSummary("Create embeddings")
            .WithDescription("OpenAI-compatible. `input` is a string, an array of strings, an array of token ids or an array of token-id arrays (at most 2048 inputs). Routed by model like chat, relayed byte for byte, and metered by the answer's `usage.prompt_tokens`, counted against the key's tokens-per-minute limit and budgets.");
        completions.MapPost("/engines/{model}/completions", EnginesEndpoint.HandleAsync)
            .WithSummary("Create a completion with the model in the URL (legacy)")
            .WithDescription("The older URL shape `/v1/engines/{model}/completions`, accepted so code written against old tutorials keeps working.");

        var v1 = app.MapGroup(Prefix)
            .RequireAuthorization(GatewayPolicies.GatewayKey)
            .AddEndpointFilter<OpenAIErrorEndpointFilter>()
            .AddEndpointFilter<RateLimitHeadersFilter>()
            .WithTags("OpenAI-compatible");
        v1.MapGet("/models", ModelsEndpoints.ListAsync)
            .WithSummary("List models")
            .WithDescription("The models this key may use, in OpenAI's list format.");
        v1.MapGet("/models/{**id}", ModelsEndpoints.GetAsync)
            .WithSummary("Get a model")
            .WithDescription("One model this key may use; 404 as an OpenAI error otherwise.");
        v1.MapKeyUsage();

        // Unknown /v1 URLs answer as OpenAI does, not with an empty 404.
        app.MapFallback($"{Prefix}/{{**path}}", (HttpContext context) => new OpenAIErrorResult(
            new OpenAIError(StatusCodes.Status404NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})", "invalid_request_error")));

        // Keys, providers, usage and models: the admin key, or a signed-in admin (the web app's admin pages).
        app.MapGroup("/api/admin")
            .RequireAuthorization(GatewayPolicies.Admin)
            .MapAdminKeys()
            .MapAdminModels()
            .MapAdminProviders()
            .MapAdminUsage();
        return app;
    }
}
