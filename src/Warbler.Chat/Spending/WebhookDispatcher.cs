using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Data;
using Warbler.Data.Spending;

namespace Warbler.Chat.Spending;

/// <summary>
/// Delivers the outbox's webhooks. Each node looks for rows due, claims one with a conditional
/// update (only one node's update matches), sends it, and records the outcome: delivered, due again
/// after a back-off, or given up after the last attempt (logged as an error). A node that stops
/// mid-attempt leaves its claim to expire, and another node (or itself, restarted) tries again.
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, IOptions<WebhookOptions> options, WebhookSender sender, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 20;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Looks for deliveries at once, rather than at the next poll: one was just written.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = settings.PollInterval;
            try
            {
                var next = await DeliverDueAsync(settings, stoppingToken);
                if (next is { } due && due - time.GetUtcNow().UtcDateTime < pause)
                {
                    pause = due - time.GetUtcNow().UtcDateTime;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                SpendingLog.DispatchFailed(logger, exception);
            }

            if (pause > TimeSpan.Zero)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
                await Task.WhenAny(woken, Task.Delay(pause, time, waiting.Token));
                await waiting.CancelAsync();
                _wake.Reader.TryRead(out _);
            }
        }
    }

    /// <summary>Delivers what is due now; returns when the next undelivered row is due, if any.</summary>
    private async Task<DateTime?> DeliverDueAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            var due = await Pending(db)
                .Where(d => d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => d.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return await Pending(db).OrderBy(d => d.NextAttemptAt).Select(d => (DateTime?)(d.ClaimedUntil > d.NextAttemptAt ? d.ClaimedUntil : d.NextAttemptAt)).FirstOrDefaultAsync(cancellationToken);
            }

            foreach (var id in due)
            {
                await DeliverAsync(db, id, settings, cancellationToken);
            }
        }
    }

    private static IQueryable<WebhookDelivery> Pending(WarblerDbContext db) =>
        db.WebhookDeliveries.AsNoTracking().Where(d => d.DeliveredAt == null && d.FailedAt == null);

    private async Task DeliverAsync(WarblerDbContext db, Guid id, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // Longer than an attempt can last, so a claim expires only when its node is gone.
        var claimedUntil = now + settings.Timeout + settings.Timeout + TimeSpan.FromSeconds(30);
        var claimed = await SerialWrites.RunAsync(db, () => db.WebhookDeliveries
            .Where(d => d.Id == id && d.DeliveredAt == null && d.FailedAt == null && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedUntil, claimedUntil), cancellationToken));
        if (claimed != 1)
        {
            return;
        }

        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        var attempt = delivery.Attempts + 1;
        var error = await sender.SendAsync(delivery.Id, delivery.Body, cancellationToken);
        var after = time.GetUtcNow().UtcDateTime;
        if (error is null)
        {
            await SerialWrites.RunAsync(db, () => db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Attempts, attempt)
                .SetProperty(d => d.DeliveredAt, after)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
                .SetProperty(d => d.LastError, (string?)null), CancellationToken.None));
            SpendingLog.Delivered(logger, id, attempt);
            return;
        }

        if (attempt >= settings.MaxAttempts)
        {
            await SerialWrites.RunAsync(db, () => db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Attempts, attempt)
                .SetProperty(d => d.FailedAt, after)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
                .SetProperty(d => d.LastError, error), CancellationToken.None));
            SpendingLog.DeliveryGivenUp(logger, id, attempt, error);
            return;
        }

        var next = after + WebhookBackoff.After(attempt, settings.BaseDelay, settings.MaxDelay, Random.Shared.NextDouble());
        await SerialWrites.RunAsync(db, () => db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Attempts, attempt)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
            .SetProperty(d => d.LastError, error), CancellationToken.None));
        SpendingLog.AttemptFailed(logger, id, attempt, error, next);
    }
}
