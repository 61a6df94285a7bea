using Warbler.Data.Usage;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Usage;

/// <summary>The usage record of a completion's outcome, the same for <c>/v1</c> requests and bot replies.</summary>
internal static class OutcomeUsageRecord
{
    public static UsageRecord Create(RelayOutcome outcome, string requestId, Guid keyId, int status, decimal? cost, long started, TimeProvider time)
    {
        var usage = outcome.Usage;
        return new UsageRecord
        {
            RequestId = requestId,
            KeyId = keyId,
            Model = outcome.Model,
            AnsweredModel = outcome.AnsweredModel,
            Provider = outcome.Provider,
            Status = status,
            PromptTokens = usage?.PromptTokens ?? 0,
            CachedTokens = usage?.CachedTokens ?? 0,
            CompletionTokens = usage?.CompletionTokens ?? 0,
            Cost = cost,
            Stream = outcome.Stream,
            Estimated = outcome.Estimated,
            LatencyMs = time.GetElapsedTime(started).TotalMilliseconds,
            TimeToFirstTokenMs = outcome.FirstChunkAt is { } first ? time.GetElapsedTime(started, first).TotalMilliseconds : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
    }
}
