using System.Runtime;

namespace Warbler.Server.Hosting;

/// <summary>
/// The last step before the server listens: one full, compacting garbage collection. Start-up
/// (migrations, the warm-ups, the tokenizers' vocabularies, compiled queries) leaves tens of
/// megabytes that live on in the youngest generations; collected here, where nobody waits, they
/// move to the oldest at once, instead of being copied generation by generation in the pauses of
/// the first requests' collections (48 and 92 ms in the chat load's first seconds, before this).
/// Once a process: hosts that tests start in one process do not each pause all the others.
/// </summary>
internal sealed class StartUpCollection : IHostedService
{
    private static int s_collected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref s_collected, 1) == 0)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
