using System.Collections.Concurrent;

namespace Warbler.Data;

/// <summary>
/// Runs one database's writes one after the other on a thread of its own, which ends after
/// <see cref="IdleTimeout"/> without work and is started again by the next write. The callers
/// wait without holding a thread and go on on the thread pool, never on this thread.
/// </summary>
internal sealed class SqliteWriter
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly BlockingCollection<Action> _queue = [];
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
        _queue.Add(() =>
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
            if (_queue.TryTake(out var work, IdleTimeout))
            {
                work();
                continue;
            }

            Volatile.Write(ref _running, 0);

            // A write queued between the wait's end and the line above started no thread: take it on.
            if (_queue.Count == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
