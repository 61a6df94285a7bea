using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Warbler.HostileInput.Tests.Uploads;

/// <summary>File contents an upload must refuse, or take without harm: wrong types, disguises, bombs, broken documents.</summary>
public static class HostileFiles
{
    /// <summary>A PNG's signature and header (64×64); enough for a sniffer, not a picture.</summary>
    public static byte[] PngHeader()
    {
        var bytes = new byte[33];
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 64);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 64);
        bytes[24] = 8;
        return bytes;
    }

    public static readonly byte[] Elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static readonly byte[] WindowsExe = Encoding.ASCII.GetBytes("MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0This program cannot be run in DOS mode.");

    public static readonly byte[] Gzip = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static readonly byte[] Html = "<!doctype html><script>alert(document.cookie)</script>"u8.ToArray();

    public static readonly byte[] NotUtf8 = [(byte)'a', 0xC3, 0x28, 0xFF, 0xFE, (byte)'b'];

    /// <summary>A PDF's signature in front of nothing a reader can parse.</summary>
    public static readonly byte[] BrokenPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\nthis is not the rest of a PDF\n%%EOF\n"u8.ToArray();

    /// <summary>A PDF cut off after its header line.</summary>
    public static readonly byte[] TruncatedPdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"u8.ToArray();

    /// <summary>A zip with no <c>word/</c> part, named .docx.</summary>
    public static byte[] ZipNotDocx() => Zip(("hello.txt", Encoding.ASCII.GetBytes("hello")));

    /// <summary>A .docx whose document part inflates from a few kilobytes to 32 MB of spaces.</summary>
    public static byte[] DocxBomb()
    {
        var spaces = new byte[32 * 1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        return Zip(("word/document.xml", spaces), ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8.ToArray()));
    }

    /// <summary>A .docx of many thousands of empty parts.</summary>
    public static byte[] DocxOfManyParts() =>
        Zip([("word/document.xml", "<w:document/>"u8.ToArray()), .. Enumerable.Range(0, 5_000).Select(i => ($"word/media/{i}.bin", Array.Empty<byte>()))]);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var part = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                part.Write(content);
            }
        }

        return file.ToArray();
    }
}
