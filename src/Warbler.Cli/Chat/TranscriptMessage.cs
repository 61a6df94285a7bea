using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI.Chat;
using Warbler.Cli.Attachments;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Chat;

/// <summary>
/// One message of a conversation as <c>/save</c> writes it and <c>/load</c> reads it: OpenAI's
/// <c>{"role", "content"}</c>, and the files a user's message carried (their bytes in base64), so a
/// loaded conversation still shows them to the model.
/// </summary>
internal sealed record TranscriptMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("attachments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AttachedFile>? Attachments = null)
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ChatMessage ToChatMessage() => Role switch
    {
        System => new SystemChatMessage(Content),
        Assistant => new AssistantChatMessage(Content),
        _ => AttachedFile.Message(Content, Attachments ?? []),
    };

    public static async Task SaveAsync(string path, IReadOnlyList<TranscriptMessage> messages, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, messages, Json, cancellationToken);
    }

    /// <summary>Reads a JSON array of messages; each role must be system, user or assistant.</summary>
    public static async Task<List<TranscriptMessage>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        List<TranscriptMessage>? messages;
        try
        {
            await using var file = File.OpenRead(path);
            messages = await JsonSerializer.DeserializeAsync<List<TranscriptMessage>>(file, Json, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new CliException(ExitCodes.Failure, $"{path} is not a JSON array of {{\"role\", \"content\"}} messages (line {exception.LineNumber + 1}).");
        }

        if (messages is null || messages.Any(m => m is null || m.Content is null || m.Role is not (System or User or Assistant)
            || m.Attachments?.Any(a => a is null || a.Name is null || a.MediaType is null || a.Data is null) == true))
        {
            throw new CliException(ExitCodes.Failure, $"{path} must hold a JSON array of messages, each with a role (system, user or assistant) and a content string.");
        }

        return messages;
    }
}
