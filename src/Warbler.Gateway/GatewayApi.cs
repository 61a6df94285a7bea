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
using Warbler.Gateway.Media;
using Warbler.Gateway.Messages;
using Warbler.Gateway.Models;
using Warbler.Gateway.Responses;
using Warbler.Gateway.Responses.Storage;
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
        completions.MapPost("/images/generations", MediaEndpoints.ImageGenerationsAsync)
            .WithSummary("Create images")
            .WithDescription("OpenAI-compatible, JSON in and out. Relayed to a provider serving the model that has image generation (the model defaults to `dall-e-2`, as OpenAI's). Recorded with the upstream's tokens when it reports them (gpt-image), else the number of images.");
        completions.MapPost("/images/edits", MediaEndpoints.ImageEditsAsync)
            .WithSummary("Edit an image")
            .WithDescription("OpenAI-compatible multipart upload (`image`, `mask`, `prompt`, `model`, `n`...), relayed as sent, up to `Gateway:MaxImageEditBodyBytes` (50 MB by default; 413 beyond).");
        completions.MapPost("/audio/speech", MediaEndpoints.SpeechAsync)
            .WithSummary("Create speech")
            .WithDescription("OpenAI-compatible: JSON in, audio out, streamed through as it arrives with the upstream's content type. Recorded with the characters of `input`.");
        completions.MapPost("/audio/transcriptions", MediaEndpoints.TranscriptionsAsync)
            .WithSummary("Transcribe audio")
            .WithDescription("OpenAI-compatible multipart upload (`file`, `model`, `response_format`...) up to `Gateway:MaxAudioBodyBytes` (25 MB by default; 413 beyond). Every `response_format` (json, text, srt, verbose_json, vtt) is relayed as it is. Recorded with the upstream's tokens when it reports them, else the seconds of audio.");
        completions.MapPost("/audio/translations", MediaEndpoints.TranslationsAsync)
            .WithSummary("Translate audio into English")
            .WithDescription("As `/v1/audio/transcriptions`, translated into English.");
        completions.MapPost("/moderations", MediaEndpoints.ModerationsAsync)
            .WithSummary("Classify text for moderation")
            .WithDescription("OpenAI-compatible. Relayed to a provider serving the model that has moderations (the model defaults to `omni-moderation-latest`).");
        completions.MapPost("/engines/{model}/completions", EnginesEndpoint.HandleAsync)
            .WithSummary("Create a completion with the model in the URL (legacy)")
            .WithDescription("The older URL shape `/v1/engines/{model}/completions`, accepted so code written against old tutorials keeps working.");
        completions.MapPost("/responses", ResponsesEndpoint.HandleAsync)
            .WithSummary("Create a response")
            .WithDescription("OpenAI's Responses API. Relayed as it is to providers that have it (OpenAI, Azure OpenAI, or any provider set to `Responses: Relay`); for the others translated onto chat completions and the answer translated back, whole or as Responses' streamed events. Parameters a translated request cannot honour (built-in tools, background mode) are refused with a 400 naming them.");

        // Anthropic's Messages API, errors in its format.
        app.MapMessagesApi(Prefix);

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
        v1.MapStoredResponses();

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
