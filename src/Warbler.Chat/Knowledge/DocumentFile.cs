using System.Text;

namespace Warbler.Chat.Knowledge;

/// <summary>An uploaded document read: its name, its type from its content, and its text; or why it is refused.</summary>
internal sealed record DocumentFile(string FileName, string MediaType, string Text, DocumentRefusal? Refusal)
{
    public static async Task<DocumentFile> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = SafeName(file.FileName);
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        var bytes = buffer.ToArray();
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return Refused(name, "The file is not a document Warbler can read (PDF, Word .docx, text or Markdown).");
            }

            var markdown = name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);
            return new DocumentFile(name, markdown ? "text/markdown" : "text/plain", text.TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return Refused(name, "The file is not a document Warbler can read (PDF, Word .docx, text or Markdown).");
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

    private static DocumentFile Refused(string name, string detail) =>
        new(name, "", "", new DocumentRefusal(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail));
}

/// <summary>Why an upload is refused, as its problem's status, title and detail.</summary>
internal sealed record DocumentRefusal(int Status, string Title, string Detail);
