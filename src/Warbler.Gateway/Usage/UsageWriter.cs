using System.Buffers;
using System.Threading.Channels;
using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Where requests leave their usage records. With the journal (the default), a record is appended
/// to the current journal file before <see cref="Enqueue"/> returns: with the records of the
/// requests that came meanwhile, one <c>write()</c> to the operating system, which a killed
/// process cannot lose (see <see cref="JournalAppend"/>); the files are forced to disk together
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
    private JournalAppend? _gathering; // the group requests join while the one before is written
    private JournalAppend? _writing;   // the group written last, or being written
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
        JournalAppend? group = null;
        var leads = false;
        string? error = null;
        lock (_lock)
        {
            if (!line.IsEmpty && _current is { Handle: not null } && !_completed)
            {
                group = _gathering ??= new JournalAppend();
                leads = group.Records.Count == 0;
                group.Lines.Write(line);
                group.Records.Add(record);
                Interlocked.Increment(ref _waiting);
            }
            else
            {
                if (_journal is not null && !_completed)
                {
                    error = "no journal file could be created";
                }

                if (!KeepInMemory(record, options))
                {
                    // Without a journal, dropping is what was chosen; with one, the record is lost.
                    return _journal is null;
                }
            }
        }

        if (group is not null)
        {
            if (leads)
            {
                Write(group, options);
            }
            else
            {
                group.Wait();
            }

            error = group.Error;
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
        return group?.Journalled == true || _journal is null;
    }

    /// <summary>Under <see cref="_lock"/>: queues the record in memory; false when memory is full and it was dropped.</summary>
    private bool KeepInMemory(UsageRecord record, UsageOptions options)
    {
        if (_memory.Records!.Count >= options.QueueCapacity)
        {
            CountDropped(options);
            return false;
        }

        _memory.Records.Add(record);
        Interlocked.Increment(ref _waiting);
        return true;
    }

    /// <summary>
    /// By the group's first request: waits for the group before to be written (meanwhile more
    /// requests join this one), then appends the group's lines to the current file with one
    /// <c>write()</c>, outside the lock. One group is written at a time, in order.
    /// </summary>
    private void Write(JournalAppend group, UsageOptions options)
    {
        JournalAppend? before;
        lock (_lock)
        {
            before = _writing;
        }

        before?.Wait();
        JournalSegment? segment;
        lock (_lock)
        {
            _gathering = null;
            _writing = group;
            segment = _current is { Handle: not null } && !_completed ? _current : null;
        }

        string? error = segment is null && !_completed && _journal is not null ? "no journal file could be created" : null;
        var written = false;
        try
        {
            if (segment is not null)
            {
                RandomAccess.Write(segment.Handle!, group.Lines.WrittenSpan, segment.Length);
                if (options.JournalSyncInterval == TimeSpan.Zero)
                {
                    RandomAccess.FlushToDisk(segment.Handle!);
                }

                written = true;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            error = exception.Message;
        }
        finally
        {
            // Whatever happened, the group ends: its requests, and the next group's, wait for it.
            lock (_lock)
            {
                if (written)
                {
                    Appended(segment!, group, options);
                }
                else
                {
                    // Not in the file: the records wait in memory instead, or are dropped when it is full.
                    Interlocked.Add(ref _waiting, -group.Records.Count);
                    foreach (var record in group.Records)
                    {
                        KeepInMemory(record, options);
                    }
                }
            }

            group.Finish(written, error);
        }
    }

    /// <summary>Under <see cref="_lock"/>: the file holds the group's lines.</summary>
    private static void Appended(JournalSegment segment, JournalAppend group, UsageOptions options)
    {
        segment.Length += group.Lines.WrittenCount;
        if (options.JournalSyncInterval == TimeSpan.Zero)
        {
            segment.Synced = segment.Length;
        }

        segment.Count += group.Records.Count;
        if (segment.Records is { } records)
        {
            // Beyond what memory should hold, the file is read back when its turn comes.
            if (records.Count + group.Records.Count <= options.QueueCapacity)
            {
                records.AddRange(group.Records);
            }
            else
            {
                segment.Records = null;
            }
        }
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

        // Once completed, no group that starts writes to a file: only the one being written may.
        if (Volatile.Read(ref _completed))
        {
            Volatile.Read(ref _writing)?.Wait();
        }

        JournalAppend? inFlight = null;
        lock (_lock)
        {
            taken = [.. _taken];
            left = taken.Count;
            _taken.Clear();
            if (_current is { Count: > 0 } full && _journal is not null)
            {
                closing = full;

                // A group being written now goes to the file being closed; later ones go to the next.
                inFlight = _writing is { IsFinished: false } writing ? writing : null;
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
            inFlight?.Wait();
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
