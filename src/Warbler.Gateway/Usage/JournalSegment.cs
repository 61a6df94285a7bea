using Microsoft.Win32.SafeHandles;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>
/// One file of the journal (<c>{id}-{batch size}.usage</c>), appended to until the writer service
/// takes it, then written to the database in batches of that size and deleted. The batches' ids
/// come from the file's id and their place in it, so a file read again after a crash is cut into
/// the same batches and none is stored twice.
/// </summary>
internal sealed class JournalSegment
{
    private const string Extension = ".usage";

    private JournalSegment(Guid id, int batchSize, string? path, SafeFileHandle? handle, List<UsageRecord>? records, bool left)
    {
        Id = id;
        BatchSize = batchSize;
        Path = path;
        Handle = handle;
        Records = records;
        Left = left;
    }

    public Guid Id { get; }

    public int BatchSize { get; }

    /// <summary>Null for records kept in memory only (no journal, or one that could not be written).</summary>
    public string? Path { get; }

    public SafeFileHandle? Handle { get; private set; }

    /// <summary>Bytes appended; the next record goes there.</summary>
    public long Length { get; set; }

    /// <summary>Bytes known to be on disk (fsync'd).</summary>
    public long Synced { get; set; }

    /// <summary>Records appended.</summary>
    public int Count { get; set; }

    /// <summary>The records in file order, while they fit in memory; null: read them from the file.</summary>
    public List<UsageRecord>? Records { get; set; }

    /// <summary>Left by an earlier run: its batches may be stored already.</summary>
    public bool Left { get; }

    public static JournalSegment InMemory(Guid id, int batchSize) => new(id, batchSize, null, null, [], left: false);

    public static JournalSegment Create(string folder, Guid id, int batchSize)
    {
        var path = System.IO.Path.Combine(folder, $"{id:N}-{batchSize}{Extension}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        return new JournalSegment(id, batchSize, path, handle, [], left: false);
    }

    /// <summary>The files an earlier run left in <paramref name="folder"/>, oldest first; null records (read from the file).</summary>
    public static IEnumerable<JournalSegment> Leftovers(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).Select(path =>
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path).Split('-');
            return name.Length == 2 && Guid.TryParseExact(name[0], "N", out var id) && int.TryParse(name[1], out var batchSize) && batchSize > 0
                ? new JournalSegment(id, batchSize, path, null, null, left: true)
                : null;
        }).OfType<JournalSegment>();

    /// <summary>The id of the batch at <paramref name="index"/>: the file's id with the index mixed into its last bytes.</summary>
    public Guid BatchId(int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        Id.TryWriteBytes(bytes);
        var tail = BitConverter.ToInt32(bytes[12..]) ^ index;
        BitConverter.TryWriteBytes(bytes[12..], tail);
        return new Guid(bytes);
    }

    /// <summary>Forces what was appended to disk and closes the file; no more appends.</summary>
    public void Close()
    {
        if (Handle is { } handle)
        {
            RandomAccess.FlushToDisk(handle);
            Synced = Length;
            handle.Dispose();
            Handle = null;
        }
    }
}
