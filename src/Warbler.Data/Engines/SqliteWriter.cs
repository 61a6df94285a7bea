using System.Collections.Concurrent;

namespace Warbler.Data;

/// <summary>
/// Runs one database's writes one after the other on a thread of its own, which ends after
/// <see cref="IdleTimeout"/> without work and is started again by the next write. The callers
/// wait without holding a thread and go on on the thread pool, never on this thread. Between
/// writes the thread sleeps without spinning first, as a blocking collection's wait would: writes
/// come tens of milliseconds apart, and on a small machine the spinning is taken from the requests.
/// </summary>
internal sealed class SqliteWriter
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly ManualResetEventSlim _queued = new(initialState: false, spinCount: 0);
    private int _running;

    // Set on a writer's thread: a write that starts another runs it in place rather than wait for itself.
    [ThreadStatic]
    private static bool _onWriterThread;

    public Task<T> RunAsync<T>(Func<Task<T>> write)
    {
        if (_onWriterThread)
        {
            return write();
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = ExecutionContext.Capture();
        _queue.Enqueue(() =>
        {
            try
            {
                done.SetResult(context is null ? Run(write) : RunIn(context, write));
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        });
        _queued.Set();
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            new Thread(Loop) { IsBackground = true, Name = "SQLite writer" }.Start();
        }

        return done.Task;
    }

    // Blocks this thread only: the write's statements complete synchronously on SQLite.
    private static T Run<T>(Func<Task<T>> write) => write().GetAwaiter().GetResult();

    // In the caller's execution context, so its trace and logging scopes see the write.
    private static T RunIn<T>(ExecutionContext context, Func<Task<T>> write)
    {
        var result = default(T)!;
        ExecutionContext.Run(context, _ => result = Run(write), null);
        return result;
    }

    private void Loop()
    {
        _onWriterThread = true;
        while (true)
        {
            while (_queue.TryDequeue(out var work))
            {
                work();
            }

            // Reset before looking again, so a write queued in between is either seen here or sets it again.
            _queued.Reset();
            if (!_queue.IsEmpty || _queued.Wait(IdleTimeout))
            {
                continue;
            }

            Volatile.Write(ref _running, 0);

            // A write queued between the wait's end and the line above started no thread: take it on.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
