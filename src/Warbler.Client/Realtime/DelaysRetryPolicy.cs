using Microsoft.AspNetCore.SignalR.Client;

namespace Warbler.Client.Realtime;

/// <summary>Reconnects after each delay in turn, then after the last one for as long as it takes: a chat client should not give up on its own.</summary>
internal sealed class DelaysRetryPolicy(IReadOnlyList<TimeSpan> delays) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        delays.Count == 0 ? TimeSpan.Zero : delays[(int)Math.Min(retryContext.PreviousRetryCount, delays.Count - 1)];
}
