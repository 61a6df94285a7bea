using System.Text;

namespace Warbler.Chat.Files;

/// <summary>Text, Markdown and code as they are: strict UTF-8, with no NULs.</summary>
internal static class PlainTextReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    public static async Task<ExtractedText> ReadAsync(Stream content, int maxCharacters, CancellationToken cancellationToken)
    {
        // The encoding's preamble is skipped, so a byte order mark does not reach the model.
        using var reader = new StreamReader(content, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        var budget = new TextBudget(maxCharacters);
        var buffer = new char[16 * 1024];
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (buffer.AsSpan(0, read).Contains('\0'))
                {
                    throw new UnreadableFileException("The file is not text: it contains NUL bytes.");
                }

                if (!budget.Append(buffer.AsSpan(0, read)))
                {
                    break;
                }

                if (budget.Full && reader.Peek() >= 0)
                {
                    budget.MarkTruncated();
                    break;
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw new UnreadableFileException("The file is not UTF-8 text: it has bytes that are not valid UTF-8.");
        }

        return budget.Result();
    }
}
