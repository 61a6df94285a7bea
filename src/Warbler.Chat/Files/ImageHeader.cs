using System.Buffers.Binary;

namespace Warbler.Chat.Files;

/// <summary>Recognises PNG, JPEG, WebP and GIF by their signatures and reads their size from their headers.</summary>
internal static class ImageHeader
{
    public static SniffedFile? Read(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png(head);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg(head);
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return head.Length < 10 ? null : Sized("image/gif", BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..]));
        }

        if (head.Length >= 16 && head.StartsWith("RIFF"u8) && head[8..].StartsWith("WEBP"u8))
        {
            return WebP(head);
        }

        return null;
    }

    private static SniffedFile? Png(ReadOnlySpan<byte> head)
    {
        // The IHDR chunk comes first: length (4), "IHDR", width (4), height (4), big-endian.
        if (head.Length < 24 || !head[12..].StartsWith("IHDR"u8))
        {
            return null;
        }

        return Sized("image/png", BinaryPrimitives.ReadUInt32BigEndian(head[16..]), BinaryPrimitives.ReadUInt32BigEndian(head[20..]));
    }

    private static SniffedFile Jpeg(ReadOnlySpan<byte> head)
    {
        var position = 2;
        while (position + 4 <= head.Length)
        {
            if (head[position] != 0xFF)
            {
                break;
            }

            var marker = head[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            position += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(head[position..]);
            if (IsStartOfFrame(marker))
            {
                // Length (2), precision (1), height (2), width (2).
                if (position + 7 > head.Length)
                {
                    break;
                }

                return Sized("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(head[(position + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(head[(position + 3)..]))
                    ?? new SniffedFile(FileKind.Image, "image/jpeg");
            }

            if (length < 2)
            {
                break;
            }

            position += length;
        }

        // Metadata before the frame header can outgrow the head: still a JPEG, of a size not known here.
        return new SniffedFile(FileKind.Image, "image/jpeg");
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static SniffedFile? WebP(ReadOnlySpan<byte> head)
    {
        var chunk = head[12..16];
        if (chunk.SequenceEqual("VP8X"u8) && head.Length >= 30)
        {
            // Canvas width and height minus one, 24-bit little-endian.
            return Sized("image/webp", ReadUInt24(head[24..]) + 1, ReadUInt24(head[27..]) + 1);
        }

        if (chunk.SequenceEqual("VP8L"u8) && head.Length >= 25 && head[20] == 0x2F)
        {
            // 14 bits of width minus one, then 14 of height minus one.
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
            return Sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8) && head.Length >= 30 && head[23] == 0x9D && head[24] == 0x01 && head[25] == 0x2A)
        {
            // After the key frame's start code: 14-bit width and height, little-endian.
            return Sized("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFFu);
        }

        return null;
    }

    private static uint ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | ((uint)bytes[1] << 8) | ((uint)bytes[2] << 16);

    private static SniffedFile? Sized(string mediaType, uint width, uint height) =>
        width is 0 or > int.MaxValue || height is 0 or > int.MaxValue
            ? null
            : new SniffedFile(FileKind.Image, mediaType, (int)width, (int)height);
}
