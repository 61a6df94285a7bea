using Warbler.Cluster;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits.Redis;

/// <summary>
/// After the connection to Redis comes back (Redis may have restarted empty, or was away when this
/// server started), adds what keys and users have spent, from the usage records, to budget
/// counters that no server has loaded since Redis started. Follows the keys' topic only to catch up.
/// </summary>
internal sealed partial class CounterRestorer(IServiceProvider services, IKeyLimiter limiter, TimeProvider time, ILogger<CounterRestorer> logger) : IClusterNoticeHandler<Guid>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private const int Attempts = 20;

    public Task HandleAsync(Guid notice, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var queries = scope.ServiceProvider.GetRequiredService<UsageQueries>();
                var now = time.GetUtcNow();
                foreach (var spending in (await queries.SpendingAsync(now, null, cancellationToken)).Concat(await queries.UserSpendingAsync(now, cancellationToken)))
                {
                    await limiter.SetSpendingAsync(spending, replace: false, cancellationToken);
                }

                return;
            }
            catch (OpenAIErrorException exception) when (exception.Error.Code == LimitRefusal.UnavailableCode && attempt < Attempts)
            {
                // The subscription came back before the connection that runs commands: try again shortly.
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
            catch (OpenAIErrorException exception) when (exception.Error.Code == LimitRefusal.UnavailableCode)
            {
                RestoreFailed(logger, exception);
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not load the recorded spending into Redis after reconnecting; budgets count from what was used since.")]
    private static partial void RestoreFailed(ILogger logger, Exception exception);
}
