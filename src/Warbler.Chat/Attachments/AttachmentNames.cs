using System.Globalization;
using System.Text;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>
/// File names as Warbler shows and serves them. An uploaded name is only a label: folders are cut
/// off (<c>../../etc/passwd</c> is <c>passwd</c>), control and direction-changing characters are
/// dropped, and a long name is shortened keeping its extension. Nothing is ever stored under it.
/// </summary>
internal static class AttachmentNames
{
    private const string Fallback = "file";
    private const int MaxExtensionLength = 16;

    public static string Sanitize(string? uploaded)
    {
        var name = uploaded ?? "";
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        // A drive letter left by a Windows path such as "C:x".
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            name = name[2..];
        }

        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            kept.Append(rune.ToString());
        }

        name = kept.ToString().Trim().TrimEnd('.');
        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return Fallback;
        }

        return Shorten(name, RoomLimits.AttachmentNameMaxLength);
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
