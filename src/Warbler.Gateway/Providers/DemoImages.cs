using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's eyes: it cannot see, but it says what images a request's last user message carries
/// (<c>image_url</c> parts with data URIs) by their type, size and, read from their headers, their
/// dimensions, so sending an image to a bot can be tried without a key.
/// </summary>
internal static class DemoImages
{
    /// <summary>"a 640×480 PNG image, 12 KB" for each image of the last user message; empty when it has none.</summary>
    public static List<string> InLastUserMessage(JsonElement root)
    {
        var images = new List<string>();
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return images;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || !role.ValueEquals("user"))
            {
                continue;
            }

            images.Clear();
            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("image_url", out var image)
                    && (image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var url) ? url : image) is { ValueKind: JsonValueKind.String } value)
                {
                    images.Add(Describe(value.GetString()!));
                }
            }
        }

        return images;
    }

    /// <summary>What the demo says of one image URL.</summary>
    public static string Describe(string url)
    {
        const string Base64 = ";base64,";
        var marker = url.IndexOf(Base64, StringComparison.Ordinal);
        if (!url.StartsWith("data:", StringComparison.Ordinal) || marker < 0)
        {
            return "an image at a URL, which the demo does not fetch";
        }

        var mediaType = url[5..marker];
        var format = mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? mediaType[6..].ToUpperInvariant() : mediaType;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(url[(marker + Base64.Length)..]);
        }
        catch (FormatException)
        {
            return $"a {format} image that could not be decoded";
        }

        var size = Dimensions(bytes) is var (width, height) ? string.Create(CultureInfo.InvariantCulture, $"{width}×{height} ") : "";
        return $"a {size}{format} image, {Kilobytes(bytes.Length)}";
    }

    private static string Kilobytes(long bytes) => bytes < 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(bytes / 1024.0):0} KB");

    /// <summary>Width and height from a PNG, GIF, JPEG or WebP header; null for anything else.</summary>
    internal static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> image)
    {
        if (image.Length >= 24 && image.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return (BinaryPrimitives.ReadInt32BigEndian(image[16..]), BinaryPrimitives.ReadInt32BigEndian(image[20..]));
        }

        if (image.Length >= 10 && image.StartsWith("GIF8"u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(image[6..]), BinaryPrimitives.ReadUInt16LittleEndian(image[8..]));
        }

        if (image.Length >= 30 && image.StartsWith("RIFF"u8) && image[8..].StartsWith("WEBP"u8))
        {
            return WebP(image);
        }

        return image.Length >= 4 && image[0] == 0xFF && image[1] == 0xD8 ? Jpeg(image) : null;
    }

    private static (int, int)? WebP(ReadOnlySpan<byte> image) => image[12..16] switch
    {
        var chunk when chunk.SequenceEqual("VP8X"u8) => ((image[24] | image[25] << 8 | image[26] << 16) + 1, (image[27] | image[28] << 8 | image[29] << 16) + 1),
        var chunk when chunk.SequenceEqual("VP8 "u8) => (BinaryPrimitives.ReadUInt16LittleEndian(image[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(image[28..]) & 0x3FFF),
        var chunk when chunk.SequenceEqual("VP8L"u8) => (1 + ((image[22] << 8 | image[21]) & 0x3FFF), 1 + ((image[24] << 10 | image[23] << 2 | image[22] >> 6) & 0x3FFF)),
        _ => null,
    };

    /// <summary>The first start-of-frame marker's dimensions.</summary>
    private static (int, int)? Jpeg(ReadOnlySpan<byte> image)
    {
        var at = 2;
        while (at + 9 < image.Length && image[at] == 0xFF)
        {
            var marker = image[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(at + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(image[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(at + 5)..]));
            }

            at += 2 + length;
        }

        return null;
    }
}
