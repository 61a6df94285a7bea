using Warbler.Chat.Files;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// An uploaded document read at once, so a file that is not a document or cannot be read is
/// refused before anything is stored: its name, its type told from its content, and its text.
/// </summary>
internal sealed record DocumentFile(string FileName, string MediaType, string Text, DocumentRefusal? Refusal)
{
    public static async Task<DocumentFile> ReadAsync(IFormFile file, DocumentTextReader reader, CancellationToken cancellationToken)
    {
        var name = SafeName(file.FileName);
        await using var content = file.OpenReadStream();
        var head = new byte[(int)Math.Min(FileSniffer.HeadLength, file.Length)];
        await content.ReadExactlyAsync(head, cancellationToken);
        if (FileSniffer.Sniff(head, name) is not { } sniffed)
        {
            return Refused(name, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", FileSniffer.Refusal(head, name));
        }

        if (sniffed.Kind == FileKind.Image)
        {
            return Refused(name, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"'{name}' is an image; a knowledge base takes PDF, Word (.docx), text and Markdown documents.");
        }

        content.Position = 0;
        try
        {
            var text = await reader.ReadAsync(content, sniffed, cancellationToken);
            return new DocumentFile(name, sniffed.MediaType, text.Text, null);
        }
        catch (UnreadableFileException unreadable)
        {
            return Refused(name, StatusCodes.Status422UnprocessableEntity, "Unreadable document", unreadable.Message);
        }
    }

    /// <summary>The file's own name without any folder, of printable characters, at most 255 long.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0 || name is "." or "..")
        {
            name = "document";
        }

        return name.Length <= Data.Knowledge.KnowledgeLimits.FileNameMaxLength ? name : name[^Data.Knowledge.KnowledgeLimits.FileNameMaxLength..];
    }

    private static DocumentFile Refused(string name, int status, string title, string detail) => new(name, "", "", new DocumentRefusal(status, title, detail));
}

/// <summary>Why an upload is refused, as its problem's status, title and detail.</summary>
internal sealed record DocumentRefusal(int Status, string Title, string Detail);
