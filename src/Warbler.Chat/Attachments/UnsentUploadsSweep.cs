using Microsoft.Extensions.Hosting;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Removes uploads never sent with a message once they are older than
/// <see cref="AttachmentsOptions.UnsentLifetime"/>, every <see cref="AttachmentsOptions.SweepInterval"/>.
/// Every server may run it: removing a row twice does nothing.
/// </summary>
internal sealed class UnsentUploadsSweep(IServiceScopeFactory scopes, IOptions<AttachmentsOptions> options, TimeProvider time, ILogger<UnsentUploadsSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    AttachmentsLog.SweepFailed(logger, exception, interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    /// <summary>One pass: every upload past its lifetime, a batch at a time.</summary>
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.UnsentLifetime;
        var total = 0;
        int removed;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            removed = await scope.ServiceProvider.GetRequiredService<AttachmentRemoval>().RemoveUnsentAsync(cutoff, cancellationToken);
            total += removed;
        }
        while (removed > 0);

        if (total > 0)
        {
            AttachmentsLog.UnsentRemoved(logger, total);
        }
    }
}
