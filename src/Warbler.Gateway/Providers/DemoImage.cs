using System.Buffers.Binary;
using System.IO.Compression;

namespace Warbler.Gateway.Providers;

/// <summary>The demo's picture: a valid 64×64 PNG whose colours and pattern come from the prompt's hash.</summary>
internal static class DemoImage
{
    public const int Size = 64;

    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Png(string seed)
    {
        var hash = DemoEmbedding.Fnv1a(seed);
        var (r, g, b) = ((byte)hash, (byte)(hash >> 8), (byte)(hash >> 16));
        var stripes = 2 + (int)((hash >> 24) % 6);

        // One filter byte (0, none) before each row of RGB pixels.
        var raw = new byte[Size * ((Size * 3) + 1)];
        for (var y = 0; y < Size; y++)
        {
            var row = y * ((Size * 3) + 1);
            for (var x = 0; x < Size; x++)
            {
                var light = ((x + y) * stripes / Size) % 2 == 0;
                var pixel = row + 1 + (x * 3);
                raw[pixel] = light ? r : (byte)(255 - r);
                raw[pixel + 1] = light ? g : (byte)(255 - g);
                raw[pixel + 2] = (byte)(b ^ (x * 4));
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Size);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR"u8, header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(png, "IDAT"u8, compressed.ToArray());
        }

        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        var crc = Crc(Crc(0xFFFF_FFFFu, type), data) ^ 0xFFFF_FFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        png.Write(number);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
