using System.Buffers.Binary;
using System.IO.Compression;

namespace Warbler.Chat.Files;

/// <summary>
/// Checks a zip before a document library opens it: few enough entries, and entries that inflate to
/// a sane size at a sane ratio, counted as they inflate, because the sizes in a zip's headers may lie.
/// </summary>
internal static class ZipGuard
{
    public const int MaxEntries = 2_000;
    public const long MaxEntryBytes = 64L * 1024 * 1024;
    public const long MaxTotalBytes = 128L * 1024 * 1024;
    public const int MaxRatio = 200;

    // Below this an entry may compress as well as it likes: small XML of repeated tags does.
    private const long RatioFloorBytes = 1024 * 1024;

    private const int EndRecordLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    public static async Task CheckAsync(Stream seekable, CancellationToken cancellationToken)
    {
        var declaredEntries = await DeclaredEntryCountAsync(seekable, cancellationToken);
        if (declaredEntries > MaxEntries)
        {
            throw Bomb($"it holds more than {MaxEntries} parts");
        }

        seekable.Position = 0;
        try
        {
            using var archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries)
            {
                throw Bomb($"it holds more than {MaxEntries} parts");
            }

            long total = 0;
            var buffer = new byte[64 * 1024];
            foreach (var entry in archive.Entries)
            {
                CheckSize(entry.Length, entry.CompressedLength, total + entry.Length);
                await using var inflated = entry.Open();
                long entryBytes = 0;
                int read;
                while ((read = await inflated.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    entryBytes += read;
                    total += read;
                    CheckSize(entryBytes, entry.CompressedLength, total);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException)
        {
            // Damaged data, or a compression method or encryption no document uses.
            throw NotAZip();
        }
    }

    private static void CheckSize(long entryBytes, long compressedBytes, long totalBytes)
    {
        if (entryBytes > MaxEntryBytes)
        {
            throw Bomb($"one of its parts unpacks to more than {MaxEntryBytes / (1024 * 1024)} MB");
        }

        if (totalBytes > MaxTotalBytes)
        {
            throw Bomb($"it unpacks to more than {MaxTotalBytes / (1024 * 1024)} MB");
        }

        if (entryBytes > RatioFloorBytes && entryBytes > Math.Max(compressedBytes, 1) * MaxRatio)
        {
            throw Bomb($"one of its parts is compressed more than {MaxRatio} to 1");
        }
    }

    /// <summary>The entry count in the end-of-central-directory record, read before anything allocates per entry.</summary>
    private static async Task<long> DeclaredEntryCountAsync(Stream seekable, CancellationToken cancellationToken)
    {
        var tailLength = (int)Math.Min(seekable.Length, EndRecordLength + MaxCommentLength);
        if (tailLength < EndRecordLength)
        {
            throw NotAZip();
        }

        var tail = new byte[tailLength];
        seekable.Position = seekable.Length - tailLength;
        await seekable.ReadExactlyAsync(tail, cancellationToken);
        for (var at = tailLength - EndRecordLength; at >= 0; at--)
        {
            if (tail[at] == 'P' && tail[at + 1] == 'K' && tail[at + 2] == 5 && tail[at + 3] == 6)
            {
                var entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
                // 0xFFFF defers to a Zip64 record: no document needs that many parts.
                return entries == ushort.MaxValue ? long.MaxValue : entries;
            }
        }

        throw NotAZip();
    }

    private static UnreadableFileException Bomb(string why) =>
        new($"The Word document was refused: {why}, more than a document needs.");

    private static UnreadableFileException NotAZip() =>
        new("The Word document could not be read: it is damaged or not a valid .docx file.");
}
