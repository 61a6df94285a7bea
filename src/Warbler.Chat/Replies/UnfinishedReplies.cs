using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Replies;

/// <summary>
/// At start: replies still marked as being written were cut off when the server last stopped; they
/// are marked failed, with what was written kept, so nobody waits for them. With several servers
/// (Redis configured) the others may be writing replies right now, so only replies untouched for
/// <c>Redis:InFlightTimeout</c> count as cut off, and the check is repeated every minute, for
/// servers that went away for good.
/// </summary>
internal sealed class UnfinishedReplies(IServiceScopeFactory scopes, IOptions<RedisOptions> redis, TimeProvider time, ILogger<UnfinishedReplies> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>Done before the server takes requests, so nobody sees a cut-off reply as still being written.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await FailUnfinishedAsync(redis.Value.Enabled ? Cutoff() : null, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.Value.Enabled)
        {
            return;
        }

        await SweepAsync(stoppingToken);
    }

    private DateTime Cutoff() => time.GetUtcNow().UtcDateTime - redis.Value.InFlightTimeout;

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FailUnfinishedAsync(Cutoff(), stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ChatLog.UnfinishedRepliesCheckFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    /// <summary>Marks failed the replies being written (whose last change was before <paramref name="cutoff"/>, if given).</summary>
    private async Task FailUnfinishedAsync(DateTime? cutoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var unfinished = db.Messages.Where(m => m.Status == MessageStatus.Streaming);
        if (cutoff is { } before)
        {
            unfinished = unfinished.Where(m => m.UpdatedAt < before);
        }

        var count = await unfinished
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, MessageStatus.Failed)
                    .SetProperty(m => m.UpdatedAt, now)
                    .SetProperty(m => m.Error, "The server stopped while this reply was being written. Regenerate it to try again."),
                cancellationToken);
        if (count > 0)
        {
            ChatLog.UnfinishedRepliesFailed(logger, count);
        }
    }
}
