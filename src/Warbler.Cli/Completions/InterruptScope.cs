namespace Warbler.Cli.Completions;

/// <summary>While it lives, Ctrl+C cancels <see cref="Token"/> instead of killing the process, so the answer stops cleanly.</summary>
internal sealed class InterruptScope : IDisposable
{
    private readonly CancellationTokenSource _cancellation;

    public InterruptScope(CancellationToken outer)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => _cancellation.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _cancellation.Dispose();
    }
}
