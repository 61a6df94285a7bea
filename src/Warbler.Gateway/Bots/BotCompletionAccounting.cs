using System.Diagnostics;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Bots;

/// <summary>
/// Closes the books on a bot reply as the gateway does on a <c>/v1</c> request: counts the tokens
/// when the upstream reported none (the prompt sent, and the text delivered), settles the user's
/// lease, queues one usage record, and records the same metrics and activity tags.
/// </summary>
internal sealed class BotCompletionAccounting(
    UsageWriter writer, PriceTable prices, UsageEstimator estimator, GatewayMetrics metrics, TimeProvider time, ILogger<BotCompletions> logger)
{
    /// <summary>How the reply finished, for the caller's last update.</summary>
    public CompletionFinish Finish(BotCompletionCall call)
    {
        CountUsage(call);
        var outcome = call.Outcome;
        return new CompletionFinish(
            call.FinishReason, outcome.AnsweredModel ?? outcome.Model, outcome.Provider!, outcome.Usage!, outcome.Estimated, prices.CostOf(outcome.Model, outcome.AnsweredModel, outcome.Usage));
    }

    /// <summary>Accounts for the reply however it ended; called once, at its end.</summary>
    public void Close(BotCompletionCall call, Activity? activity)
    {
        CountUsage(call);
        var outcome = call.Outcome;
        var status = call.Status;
        var cost = prices.CostOf(outcome.Model, outcome.AnsweredModel, outcome.Usage);
        call.Lease?.Settle(outcome.Usage?.TotalTokens ?? 0, cost ?? 0);

        var request = call.Request;
        var record = OutcomeUsageRecord.Create(outcome, request.RequestId, Guid.Empty, status, cost, call.Started, time);
        record.UserId = request.UserId;
        record.BotId = request.BotId;
        writer.Enqueue(record);

        var provider = outcome.Provider ?? GatewayTags.None;
        metrics.RecordRequest(outcome.Model, provider, status, time.GetElapsedTime(call.Started));
        if (outcome.Usage is { } usage)
        {
            metrics.RecordTokens(outcome.Model, provider, usage.PromptTokens, usage.CompletionTokens);
        }

        if (activity is not null)
        {
            GatewayTracing.SetOutcome(activity, outcome.Model, provider, status);
        }

        if (call.Error is { } error)
        {
            BotLog.Failed(logger, request.BotId, request.UserId, error.Kind, error.Status, error.Message);
        }
        else
        {
            BotLog.Replied(logger, request.BotId, request.UserId, provider, status, outcome.Usage?.PromptTokens ?? 0, outcome.Usage?.CompletionTokens ?? 0, outcome.Estimated ? " (estimated)" : "");
        }
    }

    /// <summary>A reply that began without the upstream's count is counted with the tokenizer: the prompt sent and the text delivered.</summary>
    private void CountUsage(BotCompletionCall call)
    {
        var outcome = call.Outcome;
        if (outcome.Usage is not null || !call.Answered)
        {
            return;
        }

        var model = outcome.AnsweredModel ?? outcome.Model;
        var prompt = estimator.PromptTokens(model, call.Body);
        var completion = estimator.TextTokens(model, call.Delivered.ToString());
        outcome.Usage = new TokenUsage(prompt, completion, prompt + completion, 0);
        outcome.Estimated = true;
    }
}
