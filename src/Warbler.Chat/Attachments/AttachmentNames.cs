using System.Globalization;
using System.Text;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>
/// File names as Warbler shows and serves them. An uploaded name is only a label, never a path
/// anything is stored under: one with folders (<c>../../etc/passwd</c>), a drive (<c>C:\x</c>) or
/// control characters is refused, direction-changing and invisible characters are dropped, and a
/// long name is shortened keeping its extension.
/// </summary>
internal static class AttachmentNames
{
    private const string Fallback = "file";
    private const int MaxExtensionLength = 16;

    /// <returns>Why the uploaded name is refused (folders, a drive, control characters, nothing but dots), or null when it may be shown.</returns>
    public static string? Problem(string? uploaded)
    {
        if (string.IsNullOrWhiteSpace(uploaded))
        {
            return "The file needs a name.";
        }

        if (uploaded.AsSpan().IndexOfAny('/', '\\') >= 0 || (uploaded.Length >= 2 && uploaded[1] == ':' && char.IsAsciiLetter(uploaded[0])))
        {
            return "The file name must be a name alone, without folders or a drive.";
        }

        if (uploaded.Any(char.IsControl))
        {
            return "The file name must not hold control characters.";
        }

        return uploaded.Trim().All(c => c == '.') ? "The file name must be more than dots." : null;
    }

    /// <summary>The name as shown: a name <see cref="Problem"/> let through, without characters that change the text's direction or show nothing, and shortened.</summary>
    public static string Sanitize(string uploaded)
    {
        var kept = new StringBuilder(uploaded.Length);
        foreach (var rune in uploaded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            kept.Append(rune.ToString());
        }

        var name = kept.ToString().Trim();
        return name.Length == 0 ? Fallback : Shorten(name, RoomLimits.AttachmentNameMaxLength);
    }

    /// <summary>A <c>Content-Disposition</c> value (RFC 6266): an ASCII <c>filename</c> for old clients, and the exact name in <c>filename*</c>.</summary>
    public static string ContentDisposition(string name, bool inline)
    {
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            ascii.Append(c is >= ' ' and < (char)0x7F and not '"' and not '\\' and not '%' and not ';' ? c : '_');
        }

        return $"{(inline ? "inline" : "attachment")}; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }

    private static string Shorten(string name, int maxLength)
    {
        if (name.Length <= maxLength)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= MaxExtensionLength ? name[dot..] : "";
        var stem = name[..(name.Length - extension.Length)];
        var cut = maxLength - extension.Length - 1;

        // Never half a surrogate pair.
        if (char.IsHighSurrogate(stem[cut - 1]))
        {
            cut--;
        }

        return string.Concat(stem.AsSpan(0, cut), "…", extension);
    }
}
