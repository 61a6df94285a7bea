using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Warbler.Chat.Tests.Files;

/// <summary>
/// A .docx-looking zip whose <c>word/document.xml</c> inflates to a great many zeros from about a
/// thousandth of that in the file, written in a few milliseconds: one flushed deflate chunk of
/// zeros is repeated (each decodes alone, as it starts with a literal and refers only to itself).
/// </summary>
internal static class ZipBomb
{
    private const int ChunkBytes = 1024 * 1024;

    /// <param name="inflatedBytes">How many zeros the entry inflates to (a multiple of 1 MB).</param>
    /// <param name="declaredBytes">The size its headers claim: the true one, or a lie.</param>
    public static byte[] Docx(long inflatedBytes, long? declaredBytes = null)
    {
        var deflated = Zeros(inflatedBytes);
        using var file = new MemoryStream();
        var contentTypes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        var entries = new List<(string Name, long Offset, byte[] Data, ushort Method, long Size)>();
        Entry(file, entries, "word/document.xml", deflated, method: 8, size: declaredBytes ?? inflatedBytes);
        Entry(file, entries, "[Content_Types].xml", contentTypes, method: 0, size: contentTypes.Length);

        var directoryStart = file.Position;
        foreach (var (name, offset, data, method, size) in entries)
        {
            var nameBytes = Encoding.ASCII.GetBytes(name);
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), method);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), (uint)offset);
            file.Write(header);
            file.Write(nameBytes);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(file.Position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        file.Write(end);
        return file.ToArray();
    }

    private static void Entry(MemoryStream file, List<(string, long, byte[], ushort, long)> entries, string name, byte[] data, ushort method, long size)
    {
        var offset = file.Position;
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var header = new byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034B50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), method);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)nameBytes.Length);
        file.Write(header);
        file.Write(nameBytes);
        file.Write(data);
        entries.Add((name, offset, data, method, size));
    }

    private static byte[] Zeros(long bytes)
    {
        using var chunk = new MemoryStream();
        using (var deflate = new DeflateStream(chunk, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(new byte[ChunkBytes]);

            // A sync flush ends the chunk on a byte boundary, with no final block yet.
            deflate.Flush();
            var flushed = chunk.ToArray();
            using var whole = new MemoryStream();
            for (long written = 0; written < bytes; written += ChunkBytes)
            {
                whole.Write(flushed);
            }

            // An empty final block with fixed codes.
            whole.Write([0x03, 0x00]);
            return whole.ToArray();
        }
    }
}
