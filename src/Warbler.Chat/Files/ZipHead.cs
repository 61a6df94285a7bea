namespace Warbler.Chat.Files;

/// <summary>Reads the names of a zip's entries from the local headers in its first bytes, to tell a Word document from other zips.</summary>
internal static class ZipHead
{
    private const int LocalHeaderLength = 30;

    public static bool HasEntryUnder(ReadOnlySpan<byte> head, ReadOnlySpan<byte> folder)
    {
        // Entries whose sizes follow their data (a data descriptor) cannot be skipped by length, so
        // every local header signature in the head is looked at; a false one only adds a name check.
        ReadOnlySpan<byte> signature = "PK\u0003\u0004"u8;
        var offset = 0;
        while (offset <= head.Length - LocalHeaderLength)
        {
            var found = head[offset..].IndexOf(signature);
            if (found < 0)
            {
                return false;
            }

            var header = offset + found;
            if (header > head.Length - LocalHeaderLength)
            {
                return false;
            }

            var nameLength = head[header + 26] | (head[header + 27] << 8);
            var nameStart = header + LocalHeaderLength;
            if (nameLength > 0 && nameStart + nameLength <= head.Length && head.Slice(nameStart, nameLength).StartsWith(folder))
            {
                return true;
            }

            offset = header + signature.Length;
        }

        return false;
    }
}
