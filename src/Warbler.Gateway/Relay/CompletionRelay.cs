using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Net;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Requests;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Relay;

/// <summary>Admits a checked request, routes it to its providers and hands back the result that relays the answer.</summary>
internal sealed class CompletionRelay(ModelRouter router, ProviderRegistry registry, UpstreamCaller caller, IKeyLimiter limiter, UsageEstimator estimator, RelayServices services, IOptions<GatewayOptions> options)
{
    /// <summary>More than a count's answer (<c>{"input_tokens": N}</c>) ever needs.</summary>
    private const int MaxCountAnswerBytes = 64 * 1024;

    /// <summary>Providers in Auto mode found to serve a model through chat only; asked directly next time.</summary>
    private readonly ConcurrentDictionary<(string Provider, string Model), bool> _chatOnly = new();

    /// <summary>Providers in Auto mode found to have no <c>/responses</c> for a model; translated next time.</summary>
    private readonly ConcurrentDictionary<(string Provider, string Model), bool> _noResponses = new();

    /// <summary>
    /// Relays a chat request; <c>fields.Model</c> is the model to route. A <paramref name="translator"/>
    /// rewrites a streamed answer into another dialect's events (Anthropic Messages).
    /// </summary>
    public async Task<IResult> ChatAsync(
        HttpContext context, RequestFields fields, ReadOnlyMemory<byte> body, IDisposable? bodyOwner, IResponseTransform? transform = null, IStreamTranslator? translator = null)
    {
        // SendChatAsync's lines, written out: one state machine less on every chat request.
        var providers = await AdmitAsync(context, fields, body);
        var sent = StreamUsageRequest.Ensure(body, fields);
        var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, fields.Model!, sent, providers), context.RequestAborted);
        return new RelayResult(answer, new RelayRequest(sent, bodyOwner, transform, fields.IncludeUsage) { Translator = translator }, options.Value.MaxResponseBodyBytes, services);
    }

    /// <summary>
    /// Legacy <c>prompt</c> completions: relayed to upstreams that have <c>/completions</c>, else
    /// translated to chat and the answer translated back.
    /// </summary>
    public async Task<IResult> CompletionAsync(HttpContext context, RequestFields fields, ReadOnlyMemory<byte> body, IDisposable? bodyOwner)
    {
        var model = fields.Model!;
        var providers = await AdmitAsync(context, fields, body);
        var native = providers.Where(p => p.LegacyCompletions != LegacyCompletionsMode.Translate && !_chatOnly.ContainsKey((p.Name, model))).ToList();
        if (native.Count > 0)
        {
            var sent = StreamUsageRequest.Ensure(body, fields);
            var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.Completions, model, sent, native), context.RequestAborted);
            var chatOnly = answer.Response.StatusCode == HttpStatusCode.NotFound && answer.Provider.LegacyCompletions == LegacyCompletionsMode.Auto;
            if (!chatOnly)
            {
                return new RelayResult(answer, new RelayRequest(sent, bodyOwner, null, fields.IncludeUsage), options.Value.MaxResponseBodyBytes, services);
            }

            _chatOnly[(answer.Provider.Name, model)] = true;
            answer.Dispose();
        }

        var (chatBody, echoPrefix) = CompletionToChatRequest.Translate(body.Span, model);
        bodyOwner?.Dispose();
        return await SendChatAsync(context, fields, providers, chatBody, null, new ChatToCompletionTransform(echoPrefix));
    }

    /// <summary>
    /// <c>/v1/responses</c>: relayed as it is to providers that have the Responses API (usage read
    /// from <c>response.completed</c>), else rewritten by <paramref name="translate"/> (given the
    /// model) onto chat and the answer turned back. A provider in Auto mode that answers 404 is
    /// translated for from then on. <paramref name="keeper"/>, if any, keeps the finished response.
    /// </summary>
    public async Task<IResult> ResponsesAsync(
        HttpContext context, RequestFields fields, ReadOnlyMemory<byte> body, IDisposable? bodyOwner, IAnswerKeeper? keeper, Func<string, ChatTranslation> translate)
    {
        var model = fields.Model!;
        var providers = await AdmitAsync(context, fields, body);
        var native = providers.Where(p => p.RelaysResponses && !_noResponses.ContainsKey((p.Name, model))).ToList();
        if (native.Count > 0)
        {
            var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.Responses, model, body, native), context.RequestAborted);
            var missing = answer.Response.StatusCode == HttpStatusCode.NotFound && answer.Provider.Responses == ResponsesMode.Auto;
            if (!missing)
            {
                var relayed = new RelayRequest(body, bodyOwner, null, ClientWantsUsage: true) { EndsWithoutDone = true, Keeper = keeper };
                return new RelayResult(answer, relayed, options.Value.MaxResponseBodyBytes, services);
            }

            _noResponses[(answer.Provider.Name, model)] = true;
            answer.Dispose();
        }

        var translation = translate(model);
        bodyOwner?.Dispose();
        var chat = providers.Where(p => p.Responses != ResponsesMode.Relay).ToList();
        var chatAnswer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, model, translation.Body, chat.Count > 0 ? chat : providers), context.RequestAborted);
        var request = new RelayRequest(translation.Body, null, translation.Whole, ClientWantsUsage: false) { Translator = translation.Stream, Keeper = keeper };
        return new RelayResult(chatAnswer, request, options.Value.MaxResponseBodyBytes, services);
    }

    /// <summary>
    /// <c>/v1/messages</c>: relayed as it is, stream included, to the providers that speak Anthropic's
    /// Messages API (<see cref="Provider.RelaysMessages"/>), <paramref name="dialect"/> reading its
    /// model and usage, with the client's <paramref name="headers"/> (<c>anthropic-beta</c>); for the
    /// others rewritten by <paramref name="translate"/> (given the model) onto chat and the answer
    /// turned back. When the native providers fail as providers fail (5xx, 429, a refused key) the
    /// call fails over to the translated ones, as it would from one chat provider to the next.
    /// </summary>
    public async Task<IResult> MessagesAsync(
        HttpContext context, RequestFields fields, ReadOnlyMemory<byte> body, IDisposable? bodyOwner,
        IReadOnlyList<KeyValuePair<string, string>>? headers, IAnswerDialect dialect, Func<string, ChatTranslation> translate)
    {
        var model = fields.Model!;
        var providers = await AdmitAsync(context, fields, body);
        var native = providers.Where(p => p.RelaysMessages).ToList();
        var chat = native.Count == 0 ? providers : providers.Where(p => !p.RelaysMessages).ToList();
        if (native.Count > 0)
        {
            UpstreamAnswer? answer = null;
            try
            {
                answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.Messages, model, body, native) { Headers = headers }, context.RequestAborted);
            }
            catch (OpenAIErrorException exception) when (exception.Kind == GatewayErrorKind.ProvidersUnavailable && chat.Count > 0)
            {
                // Every native provider failed; the translated ones are next.
            }

            if (answer is not null && (chat.Count == 0 || answer.Response.IsSuccessStatusCode || !UpstreamCaller.IsProviderFault(answer.Response.StatusCode)))
            {
                var relayed = new RelayRequest(body, bodyOwner, null, ClientWantsUsage: true) { EndsWithoutDone = true, Dialect = dialect };
                return new RelayResult(answer, relayed, options.Value.MaxResponseBodyBytes, services);
            }

            answer?.Dispose();
        }

        var translation = translate(model);
        bodyOwner?.Dispose();
        var chatAnswer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, model, translation.Body, chat), context.RequestAborted);
        var request = new RelayRequest(translation.Body, null, translation.Whole, ClientWantsUsage: false) { Translator = translation.Stream };
        return new RelayResult(chatAnswer, request, options.Value.MaxResponseBodyBytes, services);
    }

    /// <summary>True when a provider that speaks Anthropic's Messages API serves the model, cooling down or not.</summary>
    public bool RelaysMessages(string model)
    {
        foreach (var provider in registry.Providers)
        {
            if (provider.RelaysMessages && provider.Serves(model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Asks the model's Anthropic providers to count a Messages request's tokens (their own
    /// <c>/v1/messages/count_tokens</c>, with retries and failover): their <c>input_tokens</c>, or null
    /// when none serves the model or none could count, for the caller to estimate instead.
    /// </summary>
    public async Task<int?> CountMessageTokensAsync(string model, ReadOnlyMemory<byte> body, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<Provider> native = [.. router.Route(model).Where(p => p.RelaysMessages)];
            if (native.Count == 0)
            {
                return null;
            }

            using var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.MessagesCountTokens, model, body, native) { Headers = headers }, cancellationToken);
            if (!answer.Response.IsSuccessStatusCode)
            {
                return null;
            }

            var counted = new ArrayBufferWriter<byte>(256);
            await UpstreamBody.ReadAllAsync(answer, counted, MaxCountAnswerBytes, services.Time, cancellationToken);
            return GatewayJson.TryParseObject(counted.WrittenSpan)?["input_tokens"] is JsonValue value && value.TryGetValue<int>(out var tokens) && tokens >= 0 ? tokens : null;
        }
        catch (Exception exception) when (exception is OpenAIErrorException or HttpRequestException or IOException or UpstreamTimeoutException or UpstreamBody.TooLargeException
            && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<IResult> SendChatAsync(
        HttpContext context, RequestFields fields, IReadOnlyList<Provider> providers, ReadOnlyMemory<byte> body, IDisposable? bodyOwner, IResponseTransform? transform)
    {
        var model = fields.Model!;
        var sent = StreamUsageRequest.Ensure(body, fields);
        var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, model, sent, providers), context.RequestAborted);
        return new RelayResult(answer, new RelayRequest(sent, bodyOwner, transform, fields.IncludeUsage), options.Value.MaxResponseBodyBytes, services);
    }

    /// <summary>
    /// Relays a request that is not a completion (embeddings, images, audio, moderations) to the
    /// providers of its model that have its route, admitted with <paramref name="inputTokens"/>
    /// as its estimate and nothing reserved for an answer; the caller writes the answer.
    /// </summary>
    public async Task<UpstreamAnswer> SendAsync(HttpContext context, UpstreamOperation operation, string model, ReadOnlyMemory<byte> body, string? contentType, Func<int> inputTokens)
    {
        var key = context.User.GetGatewayKey();
        if (!key.MayUse(model))
        {
            throw new OpenAIErrorException(OpenAIError.ModelNotAllowed(model));
        }

        var providers = ProviderCapabilities.Able(router.Route(model), operation, model);
        await LeaseAsync(context, key, model, () => (inputTokens(), 0));
        return await caller.SendAsync(new UpstreamCall(operation, model, body, providers) { ContentType = contentType }, context.RequestAborted);
    }

    /// <summary>Checks the key may use the model and is within its limits, then finds the providers.</summary>
    private async ValueTask<IReadOnlyList<Provider>> AdmitAsync(HttpContext context, RequestFields fields, ReadOnlyMemory<byte> body)
    {
        var model = fields.Model!;
        var key = context.User.GetGatewayKey();
        if (!key.MayUse(model))
        {
            throw new OpenAIErrorException(OpenAIError.ModelNotAllowed(model));
        }

        var providers = router.Route(model);
        await LeaseAsync(context, key, model, () => (estimator.PromptTokens(model, body.Span), fields.MaxTokens ?? options.Value.ReservedCompletionTokens));
        return providers;
    }

    /// <summary>Takes the call's place within the key's limits; the lease is settled when the call is recorded.</summary>
    private async ValueTask LeaseAsync(HttpContext context, CallerKey key, string model, Func<(int Prompt, int Completion)> estimate)
    {
        var lease = await limiter.AdmitAsync(
            key,
            model,
            estimate,
            context.Response,
            context.RequestAborted);
        if (lease is not null && context.Features.Get<GatewayCall>() is { } call)
        {
            call.Lease = lease;
        }
    }
}
