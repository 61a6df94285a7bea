using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Warbler.Chat.Files;

/// <summary>A PDF's text with PdfPig, page by page in reading order.</summary>
internal static class PdfTextReader
{
    public static ExtractedText Read(Stream seekable, int maxCharacters, CancellationToken cancellationToken)
    {
        var budget = new TextBudget(maxCharacters);
        try
        {
            using var document = PdfDocument.Open(seekable, new ParsingOptions { ClipPaths = false, SkipMissingFonts = true });
            for (var number = 1; number <= document.NumberOfPages && !budget.Full; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                if (!budget.AppendBlock(ContentOrderTextExtractor.GetText(page)))
                {
                    break;
                }

                if (budget.Full && number < document.NumberOfPages)
                {
                    budget.MarkTruncated();
                }
            }
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new UnreadableFileException("The PDF is protected by a password, so its text cannot be read.");
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or UnreadableFileException or OutOfMemoryException))
        {
            // PdfPig throws many kinds of exception on a damaged file; to the user each means the same.
            throw new UnreadableFileException("The PDF could not be read: it is damaged or not a valid PDF.");
        }

        return budget.Result();
    }
}
