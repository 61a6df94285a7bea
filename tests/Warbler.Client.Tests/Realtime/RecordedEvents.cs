using Warbler.Client.Realtime;

namespace Warbler.Client.Tests.Realtime;

/// <summary>
/// Everything a <see cref="WarblerRealtime"/> raised, in order, including its reconnects, so tests
/// can await what they expect with a deadline (never a sleep).
/// </summary>
public sealed class RecordedEvents
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly List<object> _items = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    public RecordedEvents(WarblerRealtime realtime)
    {
        realtime.EventReceived += Record;
        realtime.Reconnecting += error => Record(new ConnectionChange("reconnecting"));
        realtime.Reconnected += () => Record(new ConnectionChange("reconnected"));
        realtime.Closed += error => Record(new ConnectionChange("closed"));
        realtime.HandlerFailed += error => Record(new ConnectionChange($"handler failed: {error}"));
    }

    /// <summary>Everything raised so far: <see cref="RealtimeEvent"/>s and <see cref="ConnectionChange"/>s.</summary>
    public IReadOnlyList<object> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public IReadOnlyList<RealtimeEvent> Events => Items.OfType<RealtimeEvent>().ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : class
    {
        var items = await WaitUntilAsync(items => items.OfType<T>().Any(e => match?.Invoke(e) ?? true), $"a {typeof(T).Name}");
        return items.OfType<T>().First(e => match?.Invoke(e) ?? true);
    }

    public async Task<IReadOnlyList<object>> WaitUntilAsync(Func<IReadOnlyList<object>, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            var items = Items;
            if (condition(items))
            {
                return items;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited {Deadline.TotalSeconds} s for {what}; received: {string.Join(", ", items)}");
            }
        }
    }

    private void Record(object item)
    {
        lock (_lock)
        {
            _items.Add(item);
            _changed.TrySetResult();
            _changed = NewSignal();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A change of the connection, recorded among the events.</summary>
public sealed record ConnectionChange(string What);
