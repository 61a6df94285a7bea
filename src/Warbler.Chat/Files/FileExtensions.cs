namespace Warbler.Chat.Files;

/// <summary>What a file's name claims it is, to hold against what its content is.</summary>
internal static class FileExtensions
{
    private static readonly Dictionary<string, string> ImageExtensions = new(StringComparer.Ordinal)
    {
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["jpe"] = "image/jpeg",
        ["jfif"] = "image/jpeg",
        ["webp"] = "image/webp",
        ["gif"] = "image/gif",
    };

    // Names that promise something text is not: text under one of them is refused, whatever it says.
    private static readonly HashSet<string> NotTextExtensions = new(StringComparer.Ordinal)
    {
        "pdf", "docx", "doc", "docm", "dotx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf",
        "zip", "gz", "tgz", "tar", "7z", "rar", "bz2", "xz", "zst",
        "exe", "dll", "so", "dylib", "bin", "msi", "com", "scr", "apk", "jar", "class", "wasm", "iso", "dmg", "img",
        "mp3", "mp4", "m4a", "wav", "avi", "mov", "mkv", "ogg", "webm", "flac", "aac",
        "bmp", "tif", "tiff", "ico", "heic", "heif", "avif", "psd",
        "woff", "woff2", "ttf", "otf", "eot", "sqlite", "db",
    };

    /// <summary>The extension in lower case without its dot; empty when there is none. Only the last path segment counts.</summary>
    public static string Of(string? fileName)
    {
        var name = LastSegment(fileName);
        var dot = name.LastIndexOf('.');
        return dot <= 0 || dot == name.Length - 1 ? string.Empty : name[(dot + 1)..].ToLowerInvariant();
    }

    /// <summary>The name as a refusal may show it: its last segment, shortened, without control characters.</summary>
    public static string Shown(string? fileName)
    {
        var name = LastSegment(fileName);
        if (name.Length > 100)
        {
            name = name[..60] + "…" + name[^30..];
        }

        return string.Concat(name.Select(c => char.IsControl(c) ? '?' : c));
    }

    public static bool Agrees(SniffedFile content, string extension, out string claimed)
    {
        claimed = Claim(extension);
        return content.Kind switch
        {
            FileKind.Image => ImageExtensions.TryGetValue(extension, out var mediaType) && mediaType == content.MediaType,
            FileKind.Pdf => extension == "pdf",
            FileKind.Word => extension == "docx",
            _ => !ImageExtensions.ContainsKey(extension) && !NotTextExtensions.Contains(extension),
        };
    }

    public static string TextMediaType(string extension) => extension switch
    {
        "md" or "markdown" => "text/markdown",
        "csv" => "text/csv",
        _ => "text/plain",
    };

    private static string Claim(string extension) => extension switch
    {
        "" => "no type",
        "pdf" => "a PDF (.pdf)",
        "docx" => "a Word document (.docx)",
        _ when ImageExtensions.TryGetValue(extension, out var mediaType) => $"an image ({mediaType}, .{extension})",
        _ when NotTextExtensions.Contains(extension) => $"a .{extension} file",
        _ => $"text (.{extension})",
    };

    private static string LastSegment(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return string.Empty;
        }

        var slash = fileName.LastIndexOfAny(['/', '\\']);
        return (slash < 0 ? fileName : fileName[(slash + 1)..]).Trim();
    }
}
