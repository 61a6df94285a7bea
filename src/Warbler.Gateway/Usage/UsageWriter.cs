using System.Threading.Channels;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Usage;

/// <summary>
/// The bounded queue between requests and the database: requests only enqueue, never wait;
/// <see cref="UsageWriterService"/> writes the records in batches.
/// </summary>
internal sealed class UsageWriter
{
    private readonly Channel<UsageRecord> _queue;
    private readonly IOptions<UsageOptions> _options;
    private readonly ILogger<UsageWriter> _logger;

    public UsageWriter(IOptions<UsageOptions> options, GatewayMetrics metrics, ILogger<UsageWriter> logger)
    {
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<UsageRecord>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        metrics.ObserveUsageQueue(() => Waiting);
    }

    private long _dropped;
    private long _waiting;

    public int QueueLength => _queue.Reader.Count;

    /// <summary>Records not stored yet: those queued, and those of a batch being written (or retried while the database is unreachable).</summary>
    public int Waiting => (int)Interlocked.Read(ref _waiting);

    /// <summary>Records dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<UsageRecord> Reader => _queue.Reader;

    public void Enqueue(UsageRecord record)
    {
        if (!_options.Value.Enabled)
        {
            return;
        }

        // Counted before it can be taken, so the count never goes below what is really waiting.
        Interlocked.Increment(ref _waiting);
        if (_queue.Writer.TryWrite(record))
        {
            return;
        }

        Interlocked.Decrement(ref _waiting);
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
        {
            GatewayLog.UsageRecordDropped(_logger, _options.Value.QueueCapacity, dropped);
        }
    }

    /// <summary>The writer service stored these many records.</summary>
    internal void Stored(int count) => Interlocked.Add(ref _waiting, -count);

    /// <summary>No more records: the writer service drains what is queued and stops.</summary>
    internal void Complete() => _queue.Writer.TryComplete();
}
