using System.Threading.Channels;
using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Where requests leave their usage records. With the journal (the default), a record is appended
/// to the current journal file before <see cref="Enqueue"/> returns: one <c>write()</c> to the
/// operating system, which a killed process cannot lose; the files are forced to disk together
/// every <see cref="UsageOptions.JournalSyncInterval"/>. Requests never wait on the database:
/// <see cref="UsageWriterService"/> takes the files and stores their records in batches.
/// </summary>
internal sealed class UsageWriter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Lock _syncLock = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Queue<JournalSegment> _taken = new();
    private readonly IOptions<UsageOptions> _options;
    private readonly IOptions<DatabaseOptions> _database;
    private readonly IConfiguration _configuration;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageWriter> _logger;
    private UsageJournal? _journal;
    private JournalSegment? _current;
    private JournalSegment _memory;
    private long _dropped;
    private long _waiting;
    private long _failures;
    private bool _completed;

    public UsageWriter(
        IOptions<UsageOptions> options, IOptions<DatabaseOptions> database, IConfiguration configuration, GatewayMetrics metrics, TimeProvider time, ILogger<UsageWriter> logger)
    {
        _options = options;
        _database = database;
        _configuration = configuration;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _memory = JournalSegment.InMemory(NewId(), options.Value.BatchSize);
        metrics.ObserveUsageQueue(() => Waiting);
    }

    /// <summary>Records not stored yet: those journalled or queued, and those of a batch being written (or retried while the database is unreachable).</summary>
    public int Waiting => (int)Interlocked.Read(ref _waiting);

    /// <summary>Records dropped because they could be neither journalled nor kept in memory.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records the journal could not take.</summary>
    public long JournalFailures => Interlocked.Read(ref _failures);

    /// <summary>The folder of this server's journal files; null without a journal.</summary>
    public string? JournalFolder => _journal?.Folder;

    /// <summary>
    /// At start, before anything is served: takes this server's journal folder and the files an
    /// earlier run left there, which the next <see cref="Take"/> hands out first. Returns how many were left.
    /// </summary>
    public int Open()
    {
        var options = _options.Value;
        if (JournalLocation.Of(options, _database.Value, _configuration) is not { } root)
        {
            if (options.Enabled)
            {
                JournalLog.NotJournalled(_logger);
            }

            return 0;
        }

        _journal = UsageJournal.Open(root, _logger);
        var left = JournalSegment.Leftovers(_journal.Folder).ToList();
        lock (_lock)
        {
            foreach (var segment in left)
            {
                _taken.Enqueue(segment);
            }

            _current = JournalSegment.Create(_journal.Folder, NewId(), options.BatchSize);
        }

        JournalLog.Opened(_logger, _journal.Folder);
        if (left.Count > 0)
        {
            JournalLog.LeftoversFound(_logger, left.Count);
            _doorbell.Writer.TryWrite(true);
        }

        return left.Count;
    }

    /// <summary>
    /// Journals the record (or, without a journal, queues it in memory). False when the journal
    /// could not take it: it then waits in memory only, or is dropped when memory is full too.
    /// </summary>
    public bool Enqueue(UsageRecord record)
    {
        var options = _options.Value;
        if (!options.Enabled)
        {
            return true;
        }

        var line = _current is null ? default : JournalJson.Line(record);
        string? error = null;
        bool journalled;
        lock (_lock)
        {
            journalled = !line.IsEmpty && TryAppend(line, record, options, out error);
            if (!journalled && error is null && _journal is not null && !_completed)
            {
                error = "no journal file could be created";
            }

            if (!journalled)
            {
                if (_memory.Records!.Count >= options.QueueCapacity)
                {
                    CountDropped(options);

                    // Without a journal, dropping is what was chosen; with one, the record is lost.
                    return _journal is null;
                }

                _memory.Records.Add(record);
            }

            Interlocked.Increment(ref _waiting);
        }

        if (error is not null)
        {
            var failures = Interlocked.Increment(ref _failures);
            _metrics.RecordJournalFailure();
            if (failures == 1 || failures % 1000 == 0)
            {
                JournalLog.AppendFailed(_logger, error, failures);
            }
        }

        _doorbell.Writer.TryWrite(true);
        return journalled || _journal is null;
    }

    /// <summary>Appends the record's line to the current file, under <see cref="_lock"/>; false (with the reason) when the file cannot take it.</summary>
    private bool TryAppend(ReadOnlySpan<byte> line, UsageRecord record, UsageOptions options, out string? error)
    {
        error = null;
        if (_current is not { Handle: { } handle } segment || _completed)
        {
            return false;
        }

        try
        {
            RandomAccess.Write(handle, line, segment.Length);
            segment.Length += line.Length;
            if (options.JournalSyncInterval == TimeSpan.Zero)
            {
                RandomAccess.FlushToDisk(handle);
                segment.Synced = segment.Length;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            error = exception.Message;
            return false;
        }

        segment.Count++;
        if (segment.Records is { } records)
        {
            // Beyond what memory should hold, the file is read back when its turn comes.
            if (records.Count < options.QueueCapacity)
            {
                records.Add(record);
            }
            else
            {
                segment.Records = null;
            }
        }

        return true;
    }

    private void CountDropped(UsageOptions options)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
        {
            GatewayLog.UsageRecordDropped(_logger, options.QueueCapacity, dropped);
        }
    }

    /// <summary>Waits until there may be records to take; false once completed and all taken.</summary>
    internal ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _doorbell.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Everything waiting, for the writer service: files left by an earlier run, the current file
    /// (closed and forced to disk; appends go on in a new one) and the records kept in memory.
    /// </summary>
    internal List<JournalSegment> Take()
    {
        _doorbell.Reader.TryRead(out _);
        var options = _options.Value;
        JournalSegment? closing = null;
        List<JournalSegment> taken;
        int left;
        lock (_lock)
        {
            taken = [.. _taken];
            left = taken.Count;
            _taken.Clear();
            if (_current is { Count: > 0 } full && _journal is not null)
            {
                closing = full;
                _current = _completed ? null : TryCreate(_journal.Folder, options.BatchSize);
            }
            else if (_current is { Count: 0, Path: { } empty } && _completed)
            {
                _current.Handle?.Dispose();
                _current = null;
                File.Delete(empty);
            }
            else if (_current is null && _journal is not null && !_completed)
            {
                // A file could not be created before: try again.
                _current = TryCreate(_journal.Folder, options.BatchSize);
            }

            if (_memory.Records!.Count > 0)
            {
                taken.Add(_memory);
                _memory = JournalSegment.InMemory(NewId(), options.BatchSize);
            }
        }

        if (closing is not null)
        {
            lock (_syncLock)
            {
                try
                {
                    closing.Close();
                }
                catch (IOException exception)
                {
                    JournalLog.SyncFailed(_logger, exception.Message);
                }
            }

            // After the files of an earlier run, which are older.
            taken.Insert(left, closing);
        }

        return taken;
    }

    private JournalSegment? TryCreate(string folder, int batchSize)
    {
        try
        {
            return JournalSegment.Create(folder, NewId(), batchSize);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            JournalLog.AppendFailed(_logger, exception.Message, Interlocked.Read(ref _failures));
            return null;
        }
    }

    /// <summary>Forces what the current file holds to disk, when something was appended since the last time.</summary>
    internal void Sync()
    {
        lock (_syncLock)
        {
            if (Volatile.Read(ref _current) is not { Handle: { } handle } segment)
            {
                return;
            }

            var length = segment.Length;
            if (length == segment.Synced)
            {
                return;
            }

            try
            {
                RandomAccess.FlushToDisk(handle);
                segment.Synced = length;
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                JournalLog.SyncFailed(_logger, exception.Message);
            }
        }
    }

    /// <summary>The writer service stored the records of a segment: its file goes.</summary>
    internal void Stored(JournalSegment segment, int count)
    {
        Interlocked.Add(ref _waiting, -count);
        if (segment.Path is not { } path)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The records are committed; storing must go on whatever became of the file.
            JournalLog.NotRemoved(_logger, path, exception.Message);
        }
    }

    /// <summary>Segments that could not be stored yet, for the next <see cref="Take"/>.</summary>
    internal void GiveBack(IEnumerable<JournalSegment> segments)
    {
        lock (_lock)
        {
            foreach (var segment in segments)
            {
                _taken.Enqueue(segment);
            }
        }

        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Records read back from a file left by an earlier run count as waiting until stored.</summary>
    internal void Found(int count) => Interlocked.Add(ref _waiting, count);

    /// <summary>No more records: the next <see cref="Take"/> closes the journal's last file, and the writer service stops once it has stored everything.</summary>
    internal void Complete()
    {
        lock (_lock)
        {
            _completed = true;
        }

        _doorbell.Writer.TryComplete();
    }

    private Guid NewId() => Guid.CreateVersion7(_time.GetUtcNow());

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Handle?.Dispose();
        }

        _journal?.Dispose();
    }
}
