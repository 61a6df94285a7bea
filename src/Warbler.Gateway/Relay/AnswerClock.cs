using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Relay;

/// <summary>
/// The two limits an answer's body is read within: the provider's idle timeout, started again
/// before every read, and what is left of its total time limit, which began when the request was
/// sent. <see cref="Token"/> is cancelled by either of them, or by the caller's token. Without
/// the total limit an upstream sending a byte now and then would never be given up on.
/// One timer serves both limits, set for whichever comes first.
/// </summary>
internal sealed class AnswerClock : IDisposable
{
    private const int Running = 0;
    private const int IdleRanOut = 1;
    private const int TotalRanOut = 2;

    private readonly ProviderTimeouts _timeouts;
    private readonly TimeProvider _time;
    private readonly long _sentAt;
    private readonly CancellationTokenSource _linked;
    private readonly ITimer _timer;
    private int _state;
    private volatile bool _dueIsTotal;

    public AnswerClock(UpstreamAnswer answer, TimeProvider time, CancellationToken cancellationToken)
    {
        _timeouts = answer.Provider.Timeouts;
        _time = time;
        _sentAt = answer.SentAt;
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _timer = time.CreateTimer(static clock => ((AnswerClock)clock!).RanOut(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (TotalLeft() <= TimeSpan.Zero)
        {
            _dueIsTotal = true;
            RanOut();
        }
        else
        {
            RestartIdle();
        }
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>True once a limit (not the caller) has ended the reading.</summary>
    public bool TimedOut => Volatile.Read(ref _state) != Running;

    /// <summary>True when the total time limit is what ran out.</summary>
    public bool TotalTimedOut => Volatile.Read(ref _state) == TotalRanOut;

    /// <summary>Which limit the upstream ran into, to follow "it": "sent nothing for 60 s", or "had not finished after 600 s, its total time limit".</summary>
    public string Reason => TotalTimedOut
        ? $"had not finished after {_timeouts.Total.TotalSeconds:0.###} s, its total time limit"
        : $"sent nothing for {_timeouts.Idle.TotalSeconds:0.###} s";

    /// <summary>Starts the idle timeout again; called before every read.</summary>
    public void RestartIdle()
    {
        if (Volatile.Read(ref _state) != Running)
        {
            return;
        }

        var left = TotalLeft();
        _dueIsTotal = left <= _timeouts.Idle;
        _timer.Change(_dueIsTotal ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : _timeouts.Idle, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _linked.Dispose();
    }

    private TimeSpan TotalLeft() => _timeouts.Total - _time.GetElapsedTime(_sentAt);

    private void RanOut()
    {
        var state = _dueIsTotal ? TotalRanOut : IdleRanOut;
        if (Interlocked.CompareExchange(ref _state, state, Running) != Running)
        {
            return;
        }

        try
        {
            _linked.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The reading ended (and the clock was disposed) just as the timer went off.
        }
    }
}
