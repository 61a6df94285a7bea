using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Relay;

/// <summary>
/// The two limits an answer's body is read within: the provider's idle timeout, started again
/// before every read, and what is left of its total time limit, which began when the request was
/// sent. <see cref="Token"/> is cancelled by either of them, or by the caller's token. Without
/// the total limit an upstream sending a byte now and then would never be given up on.
/// </summary>
internal sealed class AnswerClock : IDisposable
{
    private readonly ProviderTimeouts _timeouts;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _linked;

    public AnswerClock(UpstreamAnswer answer, TimeProvider time, CancellationToken cancellationToken)
    {
        _timeouts = answer.Provider.Timeouts;
        var left = _timeouts.Total - time.GetElapsedTime(answer.SentAt);
        _idle = new CancellationTokenSource(_timeouts.Idle, time);
        _total = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token, _total.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>True once a limit (not the caller) has ended the reading.</summary>
    public bool TimedOut => _idle.IsCancellationRequested || _total.IsCancellationRequested;

    /// <summary>True when the total time limit is what ran out.</summary>
    public bool TotalTimedOut => _total.IsCancellationRequested;

    /// <summary>Which limit the upstream ran into, to follow "it": "sent nothing for 60 s", or "had not finished after 600 s, its total time limit".</summary>
    public string Reason => TotalTimedOut
        ? $"had not finished after {_timeouts.Total.TotalSeconds:0.###} s, its total time limit"
        : $"sent nothing for {_timeouts.Idle.TotalSeconds:0.###} s";

    /// <summary>Starts the idle timeout again; called before every read.</summary>
    public void RestartIdle() => _idle.CancelAfter(_timeouts.Idle);

    public void Dispose()
    {
        _linked.Dispose();
        _total.Dispose();
        _idle.Dispose();
    }
}
