using System.Text;

namespace Warbler.Chat.Files;

/// <summary>Whether bytes are UTF-8 text: valid UTF-8, and no NULs or other control characters that text does not have.</summary>
internal static class TextContent
{
    /// <summary>Null when <paramref name="head"/> is text; otherwise why it is not, in words for people.</summary>
    /// <param name="head">The bytes to check.</param>
    /// <param name="mayBeCut">The bytes are the start of a longer file, so a character cut at the end is not an error.</param>
    public static string? Check(ReadOnlySpan<byte> head, bool mayBeCut)
    {
        var bytes = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "it is UTF-16, and only UTF-8 is accepted";
        }

        if (bytes.IndexOf((byte)0) >= 0)
        {
            return "it contains NUL bytes";
        }

        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData && mayBeCut)
            {
                break;
            }

            if (status != System.Buffers.OperationStatus.Done)
            {
                return "it has bytes that are not valid UTF-8";
            }

            if (IsForbiddenControl(rune))
            {
                return "it contains control characters that text does not have";
            }

            bytes = bytes[consumed..];
        }

        return null;
    }

    // Tab, line feed, form feed, carriage return and escape (terminal colours in logs) occur in text; other C0 controls and DEL do not.
    private static bool IsForbiddenControl(Rune rune) =>
        rune.Value is (< 0x20 and not ('\t' or '\n' or '\f' or '\r' or 0x1B)) or 0x7F;
}
