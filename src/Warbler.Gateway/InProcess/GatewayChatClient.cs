using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Warbler.Gateway.Accounting;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// The gateway as an <see cref="IChatClient"/> for the rest of Warbler: calls asked for in-process
/// are treated as <c>/v1</c> traffic is: routed to the model's providers with the same retries,
/// failover and cool-downs, held to the caller's limits, metered in one usage record through
/// <see cref="CallAccounting"/>, counted in the same metrics and traced. <see cref="ChatOptions.ModelId"/>
/// names the model and <see cref="GatewayChatOptions.WithCaller"/> the caller; both are required.
/// Tools in <see cref="ChatOptions.Tools"/> are offered to the model, and the calls it asks for come
/// back as <see cref="FunctionCallContent"/> in the last update, so function invocation composes on it.
/// Failures are <see cref="OpenAIErrorException"/>s whose <see cref="OpenAIErrorException.Kind"/> says why.
/// </summary>
internal sealed class GatewayChatClient(
    ModelRouter router,
    UpstreamCaller caller,
    IKeyLimiter limiter,
    SpendingLimitsDirectory directory,
    UsageEstimator estimator,
    CallAccounting accounting,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILogger<GatewayChatClient> logger) : IChatClient
{
    private static readonly FrozenSet<string> AnyModel = FrozenSet<string>.Empty;
    private static readonly ChatClientMetadata Metadata = new("warbler");

    private readonly GatewayOptions _gateway = gateway.Value;

    /// <summary>The whole answer; its <c>AdditionalProperties</c> carry the provider, whether the usage was estimated, and the cost.</summary>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        if (updates.Count > 0 && updates[^1].AdditionalProperties is { } facts)
        {
            response.AdditionalProperties ??= [];
            foreach (var (key, value) in facts)
            {
                response.AdditionalProperties[key] = value;
            }
        }

        return response;
    }

    /// <summary>
    /// Streams the answer: its text as it arrives, then one update with the finish reason, the model,
    /// the usage (<see cref="UsageContent"/>) and the provider (<see cref="GatewayChatOptions.ProviderKey"/>).
    /// Cancelling, or leaving the enumeration early, stops the upstream call at once; the answer is
    /// then billed for the text delivered, counted by the tokenizer.
    /// </summary>
    /// <exception cref="OpenAIErrorException">The answer could not be had, or broke off.</exception>
    /// <exception cref="ArgumentException">The call is malformed (no model, caller or messages, a bad request id, <c>MaxOutputTokens</c> below 1); thrown at once.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages?.ToList() ?? throw new ArgumentNullException(nameof(messages));
        var callerOf = Validate(list, options);
        return StreamCoreAsync(new InProcessCall(callerOf, options!.ModelId!, ChatRequestJson.Write(options.ModelId!, list, options), time.GetTimestamp()), options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // A singleton of the container; nothing of its own to release.
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamCoreAsync(InProcessCall call, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Current while the upstream is called, so that HTTP call is its child.
        using var activity = GatewayTracing.Source.StartActivity(GatewayTracing.BotCompletionActivityName);
        activity?.SetTag(GatewayTags.BotId, call.Caller.BotId.ToString());
        UpstreamAnswer? answer = null;
        ChatStreamReader? reader = null;
        var responseId = call.Caller.RequestId;
        try
        {
            answer = await SendAsync(call, options, cancellationToken);
            reader = new ChatStreamReader(answer, call, time, _gateway.MaxResponseBodyBytes, cancellationToken);
            while (await ReadAsync(reader, call) is { } text)
            {
                call.Delivered.Append(text);
                yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ResponseId = responseId, MessageId = responseId };
            }

            yield return Finish(call, responseId);
        }
        finally
        {
            // Disposing the answer before its end aborts the upstream request.
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            answer?.Dispose();
            Close(call, activity);
        }
    }

    /// <summary>Routes, admits the caller, and calls the providers; returns a successful answer whose body is still to read.</summary>
    private async Task<UpstreamAnswer> SendAsync(InProcessCall call, ChatOptions options, CancellationToken cancellationToken)
    {
        var model = call.Call.Model;
        UpstreamAnswer answer;
        try
        {
            var providers = router.Route(model);
            call.TeamId = directory.TeamChargedFor(call.Caller.UserId, call.Caller.BotId);
            call.Call.Lease = await limiter.AdmitAsync(
                new CallerKey(call.Caller.UserId, "user", "", false, AnyModel, null, call.Caller.Limits, call.Caller.UserId, call.TeamId),
                model,
                () => (estimator.PromptTokens(model, call.Body), options.MaxOutputTokens ?? _gateway.ReservedCompletionTokens),
                response: null,
                cancellationToken);
            answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, model, call.Body, providers), cancellationToken);
        }
        catch (OpenAIErrorException exception)
        {
            throw call.Fail(exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            call.Faulted = true;
            throw;
        }

        call.Call.Provider = answer.Provider.Name;
        call.Call.UpstreamStatus = (int)answer.Response.StatusCode;
        if (answer.Response.IsSuccessStatusCode)
        {
            call.Answered = true;
            return answer;
        }

        using (answer)
        {
            var failure = await UpstreamFailure.ReadAsync(answer, time, cancellationToken);
            throw call.Fail(failure.ToException(answer));
        }
    }

    private static async ValueTask<string?> ReadAsync(ChatStreamReader reader, InProcessCall call)
    {
        try
        {
            return await reader.ReadAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OpenAIErrorException)
        {
            call.Faulted = true;
            throw;
        }
    }

    /// <summary>The last update: how the answer finished, who answered it, and what it used.</summary>
    private ChatResponseUpdate Finish(InProcessCall call, string responseId)
    {
        CountUsage(call);
        var outcome = call.Call;
        var usage = outcome.Usage!;
        return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = outcome.AnsweredModel ?? outcome.Model,
            FinishReason = call.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Contents =
            [
                .. call.ToolCalls.ToContents(),
                new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.PromptTokens,
                    OutputTokenCount = usage.CompletionTokens,
                    TotalTokenCount = usage.TotalTokens,
                    CachedInputTokenCount = usage.CachedTokens,
                }),
            ],
            AdditionalProperties = new()
            {
                [GatewayChatOptions.ProviderKey] = outcome.Provider,
                [GatewayChatOptions.UsageEstimatedKey] = outcome.Estimated,
                [GatewayChatOptions.CostKey] = accounting.CostOf(outcome),
            },
        };
    }

    /// <summary>Accounts for the call however it ended; called once, at its end.</summary>
    private void Close(InProcessCall call, System.Diagnostics.Activity? activity)
    {
        CountUsage(call);
        var outcome = call.Call;
        var caller = call.Caller;
        var status = call.Status;
        accounting.Close(outcome, new CallerIds(caller.RequestId, Guid.Empty, caller.UserId, caller.BotId, call.TeamId ?? directory.TeamChargedFor(caller.UserId, caller.BotId)), status, call.Started, activity);
        if (call.Error is { } error)
        {
            InProcessLog.Failed(logger, caller.BotId, caller.UserId, error.Kind, error.Status, error.Message);
        }
        else
        {
            InProcessLog.Replied(logger, caller.BotId, caller.UserId, outcome.Provider ?? GatewayTags.None, status, outcome.Usage?.PromptTokens ?? 0, outcome.Usage?.CompletionTokens ?? 0, outcome.Estimated ? " (estimated)" : "");
        }
    }

    /// <summary>An answer that began without the upstream's count is counted with the tokenizer: the prompt sent and the text delivered.</summary>
    private void CountUsage(InProcessCall call)
    {
        if (call.Call.Usage is null && call.Answered)
        {
            estimator.EstimateText(call.Call, call.Body, call.Delivered.ToString());
        }
    }

    private static GatewayCaller Validate(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (string.IsNullOrWhiteSpace(options?.ModelId))
        {
            throw new ArgumentException("ChatOptions.ModelId must name the model.", nameof(options));
        }

        var caller = options.GetCaller() ?? throw new ArgumentException($"ChatOptions must name the caller ({nameof(GatewayChatOptions)}.{nameof(GatewayChatOptions.WithCaller)}).", nameof(options));
        if (string.IsNullOrWhiteSpace(caller.RequestId) || caller.RequestId.Length > 64)
        {
            throw new ArgumentException("The caller's RequestId must be set and at most 64 characters long.", nameof(options));
        }

        if (caller.UserId == Guid.Empty || caller.BotId == Guid.Empty)
        {
            throw new ArgumentException("The caller's UserId and BotId must be set.", nameof(options));
        }

        if (caller.Limits is null)
        {
            throw new ArgumentException("The caller's Limits must be set (KeyLimits.None for none).", nameof(options));
        }

        if (messages.Count == 0 || messages.Any(m => m is null))
        {
            throw new ArgumentException("Messages must hold at least one message.", nameof(messages));
        }

        if (options.MaxOutputTokens is < 1)
        {
            throw new ArgumentException("MaxOutputTokens must be 1 or more when set.", nameof(options));
        }

        return caller;
    }
}
