using Microsoft.Extensions.Hosting;

namespace Warbler.Gateway.Usage;

/// <summary>
/// At start, after the database is migrated and before keys and budgets are loaded: opens the
/// usage journal and writes what an earlier run left in it (a crash) to the database, so that the
/// spending loaded next counts it. With the database unreachable the server starts anyway and the
/// background writer stores the records later.
/// </summary>
internal sealed class UsageJournalReplay(UsageWriter writer, UsageSegmentStore store, ILogger<UsageWriterService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (writer.Open() == 0)
        {
            return;
        }

        var stored = 0;
        var already = 0;
        var left = new Queue<JournalSegment>(writer.Take());
        try
        {
            while (left.TryPeek(out var segment))
            {
                var (now, before) = await store.StoreAsync(segment, retry: false, cancellationToken);
                left.Dequeue();
                stored += now;
                already += before;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What was not stored goes back to the background writer, which retries until it is.
            writer.GiveBack(left);
            JournalLog.ReplayDeferred(logger, exception.Message);
            return;
        }

        JournalLog.Replayed(logger, stored, already);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
