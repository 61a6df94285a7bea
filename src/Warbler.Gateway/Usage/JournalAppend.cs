using System.Buffers;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Lines appended to the journal together: the requests that come while the group before is being
/// written join one group, which its first request then writes with one <c>write()</c>. Each
/// request waits for its group, so its record is with the operating system when it goes on.
/// </summary>
internal sealed class JournalAppend
{
    // Blocks at once: the wait is one system call long, and spinning would take the core it needs.
    private readonly ManualResetEventSlim _written = new(initialState: false, spinCount: 0);

    public ArrayBufferWriter<byte> Lines { get; } = new(1024);

    public List<UsageRecord> Records { get; } = [];

    /// <summary>Whether the lines are in the journal file; set before <see cref="Finish"/>.</summary>
    public bool Journalled { get; private set; }

    /// <summary>Why not, when the file could not take them.</summary>
    public string? Error { get; private set; }

    public bool IsFinished => _written.IsSet;

    public void Finish(bool journalled, string? error)
    {
        Journalled = journalled;
        Error = error;
        _written.Set();
    }

    public void Wait() => _written.Wait();
}
