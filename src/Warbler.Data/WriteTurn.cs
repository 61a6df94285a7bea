namespace Warbler.Data;

/// <summary>A turn to write, taken with <see cref="WriteTurns.TakeAsync"/>; disposing it passes it on (once).</summary>
public sealed class WriteTurn : IDisposable
{
    internal static readonly WriteTurn Free = new(null);

    private SemaphoreSlim? _queue;

    internal WriteTurn(SemaphoreSlim? queue) => _queue = queue;

    public void Dispose() => Interlocked.Exchange(ref _queue, null)?.Release();
}
