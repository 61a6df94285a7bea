using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Bots;

/// <summary>
/// Bots' replies, asked for in-process by the chat service rather than over HTTP, and treated as
/// <c>/v1</c> traffic is: routed to the model's providers with the same retries, failover and
/// cool-downs, held to the user's limits (<c>Chat:UserLimits</c>), metered in one usage record,
/// counted in the same metrics and traced.
/// </summary>
public sealed class BotCompletions
{
    private static readonly FrozenSet<string> AnyModel = FrozenSet<string>.Empty;

    private readonly ModelRouter _router;
    private readonly UpstreamCaller _caller;
    private readonly IKeyLimiter _limiter;
    private readonly UsageEstimator _estimator;
    private readonly BotCompletionAccounting _accounting;
    private readonly GatewayOptions _gateway;
    private readonly UserLimitsOptions _userLimits;
    private readonly KeyLimits _userKeyLimits;
    private readonly TimeProvider _time;

    internal BotCompletions(
        ModelRouter router,
        UpstreamCaller caller,
        IKeyLimiter limiter,
        UsageEstimator estimator,
        BotCompletionAccounting accounting,
        IOptions<GatewayOptions> gateway,
        IOptions<UserLimitsOptions> userLimits,
        TimeProvider time)
    {
        _router = router;
        _caller = caller;
        _limiter = limiter;
        _estimator = estimator;
        _accounting = accounting;
        _gateway = gateway.Value;
        _userLimits = userLimits.Value;
        _userKeyLimits = _userLimits.ToKeyLimits();
        _time = time;
    }

    /// <summary>
    /// Streams a bot's reply: its text as it arrives, then one update with
    /// <see cref="CompletionUpdate.Finish"/> (finish reason, model, provider, usage). Cancelling
    /// <paramref name="cancellationToken"/>, or leaving the enumeration early, stops the upstream
    /// call at once; the reply is then billed for the text delivered, counted by the tokenizer.
    /// </summary>
    /// <exception cref="BotCompletionException">The reply could not be had, or broke off; <see cref="BotCompletionException.Kind"/> says why.</exception>
    /// <exception cref="ArgumentException">The request is malformed (no model or messages, an empty id, <c>MaxTokens</c> below 1); thrown at once.</exception>
    public IAsyncEnumerable<CompletionUpdate> StreamAsync(BotCompletionRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        return StreamCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<CompletionUpdate> StreamCoreAsync(BotCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = new BotCompletionCall(request, BotRequestJson.Write(request), _time.GetTimestamp());

        // Current while the upstream is called, so that HTTP call is its child.
        using var activity = GatewayTracing.Source.StartActivity(GatewayTracing.BotCompletionActivityName);
        activity?.SetTag(GatewayTags.BotId, request.BotId.ToString());
        UpstreamAnswer? answer = null;
        BotStreamReader? reader = null;
        try
        {
            answer = await SendAsync(call, cancellationToken);
            reader = new BotStreamReader(answer, call, _time, _gateway.MaxResponseBodyBytes, cancellationToken);
            while (await ReadAsync(reader, call) is { } text)
            {
                call.Delivered.Append(text);
                yield return new CompletionUpdate { Text = text };
            }

            yield return new CompletionUpdate { Finish = _accounting.Finish(call) };
        }
        finally
        {
            // Disposing the answer before its end aborts the upstream request.
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            answer?.Dispose();
            _accounting.Close(call, activity);
        }
    }

    /// <summary>Routes, admits the user, and calls the providers; returns a successful answer whose body is still to read.</summary>
    private async Task<UpstreamAnswer> SendAsync(BotCompletionCall call, CancellationToken cancellationToken)
    {
        var request = call.Request;
        UpstreamAnswer answer;
        try
        {
            var providers = _router.Route(request.Model);
            call.Lease = await _limiter.AdmitAsync(
                UserKey(request.UserId),
                request.Model,
                () => (_estimator.PromptTokens(request.Model, call.Body), request.MaxTokens ?? _gateway.ReservedCompletionTokens),
                response: null,
                cancellationToken);
            answer = await _caller.SendAsync(new UpstreamCall(UpstreamOperation.ChatCompletions, request.Model, call.Body, providers), cancellationToken);
        }
        catch (OpenAIErrorException exception)
        {
            throw call.Fail(BotErrors.From(exception, _userLimits));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            call.Faulted = true;
            throw;
        }

        call.Outcome.Provider = answer.Provider.Name;
        call.Outcome.UpstreamStatus = (int)answer.Response.StatusCode;
        if (answer.Response.IsSuccessStatusCode)
        {
            call.Answered = true;
            return answer;
        }

        using (answer)
        {
            var failure = await UpstreamFailure.ReadAsync(answer, _time, cancellationToken);
            throw call.Fail(BotErrors.From(failure, answer));
        }
    }

    private static async ValueTask<string?> ReadAsync(BotStreamReader reader, BotCompletionCall call)
    {
        try
        {
            return await reader.ReadAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not BotCompletionException)
        {
            call.Faulted = true;
            throw;
        }
    }

    /// <summary>The user as the rate limiter knows callers: by id (users' and keys' ids are both random, so they do not meet), with the per-user limits.</summary>
    private CallerKey UserKey(Guid userId) => new(userId, "user", "", false, AnyModel, null, _userKeyLimits);

    private static void Validate(BotCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestId, nameof(request));
        if (request.RequestId.Length > 64)
        {
            throw new ArgumentException("RequestId must be at most 64 characters long.", nameof(request));
        }

        if (request.Messages is null || request.Messages.Count == 0 || request.Messages.Any(m => m?.Content is null))
        {
            throw new ArgumentException("Messages must hold at least one message, each with content.", nameof(request));
        }

        if (request.UserId == Guid.Empty || request.BotId == Guid.Empty)
        {
            throw new ArgumentException("UserId and BotId must be set.", nameof(request));
        }

        if (request.MaxTokens is < 1)
        {
            throw new ArgumentException("MaxTokens must be 1 or more when set.", nameof(request));
        }
    }
}
