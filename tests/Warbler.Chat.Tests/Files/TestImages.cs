using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Warbler.Chat.Tests.Files;

/// <summary>Small images made in code: a complete PNG and GIF, and the headers of JPEG and the three WebP encodings, of a chosen size.</summary>
internal static class TestImages
{
    /// <summary>A valid RGB PNG of one colour.</summary>
    public static byte[] Png(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A valid one-colour GIF: the screen of the given size with a 1×1 image in it.</summary>
    public static byte[] Gif(int width, int height)
    {
        var gif = new List<byte>("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
        gif.AddRange([0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]);
        return [.. gif];
    }

    /// <summary>A baseline JPEG's markers up to its frame header, with metadata before it as cameras write.</summary>
    public static byte[] Jpeg(int width, int height, int metadataBytes = 16)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        jpeg.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        var exifLength = metadataBytes + 2;
        jpeg.AddRange([0xFF, 0xE1, (byte)(exifLength >> 8), (byte)exifLength]);
        jpeg.AddRange(new byte[metadataBytes]);
        jpeg.AddRange([0xFF, 0xC0, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3]);
        jpeg.AddRange([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    /// <summary>A lossless WebP (VP8L) header.</summary>
    public static byte[] WebPLossless(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        var payload = new byte[5];
        payload[0] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), bits);
        return Riff("VP8L", payload);
    }

    /// <summary>A lossy WebP (VP8) key frame header.</summary>
    public static byte[] WebPLossy(int width, int height)
    {
        var payload = new byte[10];
        payload[3] = 0x9D;
        payload[4] = 0x01;
        payload[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(8), (ushort)height);
        return Riff("VP8 ", payload);
    }

    /// <summary>An extended WebP (VP8X, as animated or alpha images are) header.</summary>
    public static byte[] WebPExtended(int width, int height)
    {
        var payload = new byte[10];
        WriteUInt24(payload.AsSpan(4), width - 1);
        WriteUInt24(payload.AsSpan(7), height - 1);
        return Riff("VP8X", payload);
    }

    private static byte[] Riff(string chunk, byte[] payload)
    {
        var riff = new byte[20 + payload.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(4), riff.Length - 8);
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        Encoding.ASCII.GetBytes(chunk).CopyTo(riff, 12);
        BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(16), payload.Length);
        payload.CopyTo(riff, 20);
        return riff;
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        png.Write(checksum);
    }
}
