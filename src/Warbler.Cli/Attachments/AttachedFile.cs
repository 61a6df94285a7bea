using System.Text;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using OpenAI.Chat;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Attachments;

/// <summary>
/// A file sent with a question: an image as an image part, a PDF as a file part, text (notes,
/// Markdown, source code) as text named by its file. The type is read from the content, not the name.
/// </summary>
internal sealed record AttachedFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("data")] byte[] Data)
{
    /// <summary>OpenAI's limit for one image or file in a request.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    public const string Accepted = "images (PNG, JPEG, WebP, GIF), PDF, and UTF-8 text such as notes, Markdown or source code";

    /// <exception cref="CliException">The file cannot be read, is too big, or is not of a type a model reads.</exception>
    public static async Task<AttachedFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] data;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBytes)
            {
                throw new CliException(ExitCodes.Usage, $"{path} is {length / (1024 * 1024)} MB; a file sent to a model can be at most {MaxBytes / (1024 * 1024)} MB.");
            }

            data = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot read {path}: {exception.Message}");
        }

        var name = Path.GetFileName(path);
        return new AttachedFile(name, MediaTypeOf(data) ?? throw new CliException(ExitCodes.Usage, $"{name} is not a file a model can read here: send {Accepted}."), data);
    }

    /// <summary>What the model is sent for it.</summary>
    public ChatMessageContentPart ToPart() => MediaType switch
    {
        "text/plain" => ChatMessageContentPart.CreateTextPart($"File {Name}:\n\n{Encoding.UTF8.GetString(Data)}"),
#pragma warning disable OPENAI001 // File parts are a stable part of OpenAI's API; the SDK still marks its factory as under evaluation.
        "application/pdf" => ChatMessageContentPart.CreateFilePart(BinaryData.FromBytes(Data), MediaType, Name),
#pragma warning restore OPENAI001
        _ => ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Data), MediaType),
    };

    /// <summary>A user's message: the text (when there is any), then the files.</summary>
    public static UserChatMessage Message(string text, IReadOnlyList<AttachedFile> files) =>
        files.Count == 0
            ? new UserChatMessage(text)
            : new UserChatMessage([.. text.Length > 0 ? [ChatMessageContentPart.CreateTextPart(text)] : Array.Empty<ChatMessageContentPart>(), .. files.Select(f => f.ToPart())]);

    /// <summary>The media type from the first bytes; null for anything else (a Word file, an archive, a program).</summary>
    private static string? MediaTypeOf(ReadOnlySpan<byte> data) => data switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => "application/pdf",
        _ when IsText(data) => "text/plain",
        _ => null,
    };

    /// <summary>UTF-8 (with or without a byte order mark) without NUL characters, which no text file has.</summary>
    private static bool IsText(ReadOnlySpan<byte> data) => !data.Contains((byte)0) && Utf8.IsValid(data);
}
