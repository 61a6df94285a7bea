using System.Collections.Concurrent;
using System.Net;
using Warbler.Gateway.Completions;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Routing;

namespace Warbler.Gateway.Relay;

/// <summary>Routes a checked request to its providers and hands back the result that relays the answer.</summary>
public sealed class CompletionRelay(ModelRouter router, UpstreamCaller caller, IOptions<GatewayOptions> options)
{
    /// <summary>Providers in Auto mode found to serve a model through chat only; asked directly next time.</summary>
    private readonly ConcurrentDictionary<(string Provider, string Model), bool> _chatOnly = new();

    public async Task<IResult> ChatAsync(HttpContext context, string model, ReadOnlyMemory<byte> body, IDisposable? bodyOwner, IResponseTransform? transform = null)
    {
        var providers = Authorize(context, model);
        var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, model, body, providers), context.RequestAborted);
        return new RelayResult(answer, transform, options.Value.MaxResponseBodyBytes, bodyOwner);
    }

    /// <summary>
    /// Legacy <c>prompt</c> completions: relayed to upstreams that have <c>/completions</c>, else
    /// translated to chat and the answer translated back.
    /// </summary>
    public async Task<IResult> CompletionAsync(HttpContext context, string model, ReadOnlyMemory<byte> body, IDisposable? bodyOwner)
    {
        var providers = Authorize(context, model);
        var native = providers.Where(p => p.LegacyCompletions != LegacyCompletionsMode.Translate && !_chatOnly.ContainsKey((p.Name, model))).ToList();
        if (native.Count > 0)
        {
            var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.Completions, model, body, native), context.RequestAborted);
            var chatOnly = answer.Response.StatusCode == HttpStatusCode.NotFound && answer.Provider.LegacyCompletions == LegacyCompletionsMode.Auto;
            if (!chatOnly)
            {
                return new RelayResult(answer, null, options.Value.MaxResponseBodyBytes, bodyOwner);
            }

            _chatOnly[(answer.Provider.Name, model)] = true;
            answer.Dispose();
        }

        var (chatBody, echoPrefix) = CompletionToChatRequest.Translate(body.Span, model);
        bodyOwner?.Dispose();
        return await ChatAsync(context, model, chatBody, null, new ChatToCompletionTransform(echoPrefix));
    }

    private IReadOnlyList<Provider> Authorize(HttpContext context, string model)
    {
        if (!context.GetCallerKey().MayUse(model))
        {
            throw new OpenAIErrorException(OpenAIError.ModelNotAllowed(model));
        }

        return router.Route(model);
    }
}
