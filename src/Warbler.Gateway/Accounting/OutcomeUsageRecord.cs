using Warbler.Data.Usage;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Accounting;

/// <summary>The usage record of a finished call, the same for <c>/v1</c> requests and in-process calls.</summary>
internal static class OutcomeUsageRecord
{
    public static UsageRecord Create(GatewayCall call, CallerIds caller, int status, decimal? cost, long started, TimeProvider time)
    {
        var usage = call.Usage;
        return new UsageRecord
        {
            RequestId = caller.RequestId,
            KeyId = caller.KeyId,
            UserId = caller.UserId,
            BotId = caller.BotId,
            TeamId = caller.TeamId,
            Model = call.Model,
            AnsweredModel = call.AnsweredModel,
            Provider = call.Provider,
            Status = status,
            PromptTokens = usage?.PromptTokens ?? 0,
            CachedTokens = usage?.CachedTokens ?? 0,
            CacheWriteTokens = usage?.CacheWriteTokens ?? 0,
            CompletionTokens = usage?.CompletionTokens ?? 0,
            Quantity = call.Quantity,
            Unit = call.Unit,
            Cost = cost,
            Stream = call.Stream,
            Estimated = call.Estimated,
            LatencyMs = time.GetElapsedTime(started).TotalMilliseconds,
            TimeToFirstTokenMs = call.FirstChunkAt is { } first ? time.GetElapsedTime(started, first).TotalMilliseconds : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
    }
}
