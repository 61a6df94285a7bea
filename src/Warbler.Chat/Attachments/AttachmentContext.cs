using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Warbler.Chat.Files;
using Warbler.Data;
using Warbler.Data.Rooms;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Files in a bot's context. A document's text goes in as text, named ("Attached file
/// report.pdf:"), counted with the model's tokenizer; what does not fit the budget is cut, and the
/// context says how much was left out. An image goes in as an image part, at a fixed cost
/// (<see cref="AttachmentsOptions.ImageTokens"/>), to a model that reads images; to one that does
/// not, an image of an older message is named in words instead.
/// </summary>
internal sealed class AttachmentContext(TokenCounter counter, IBlobStore blobs, ImageModels imageModels, IOptions<AttachmentsOptions> options, ILogger<AttachmentContext> logger)
{
    /// <summary>Tokens kept back for the note that says what did not fit.</summary>
    private const int NoteTokens = 24;

    public bool ReadsImages(string model) => imageModels.ReadsImages(model);

    /// <summary>The files of those of <paramref name="messages"/> that have some, by message id, with documents' text.</summary>
    public static async Task<Dictionary<long, List<ContextFile>>> LoadAsync(WarblerDbContext db, IReadOnlyCollection<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.SenderUserId is not null).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var files = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value))
            .OrderBy(a => a.Id)
            .Select(a => new { MessageId = a.MessageId!.Value, File = new ContextFile(a.Id, a.FileName, a.MediaType, a.Kind, a.BlobKey, a.Text) })
            .ToListAsync(cancellationToken);
        return files.GroupBy(f => f.MessageId).ToDictionary(g => g.Key, g => g.Select(f => f.File).ToList());
    }

    /// <summary>What of <paramref name="files"/> fits in <paramref name="budget"/> tokens for <paramref name="model"/>.</summary>
    public FittedFiles Fit(string model, IReadOnlyList<ContextFile> files, int budget, bool readsImages)
    {
        if (files.Count == 0)
        {
            return FittedFiles.None;
        }

        var text = new StringBuilder();
        var images = new List<ContextFile>();
        var tokens = 0;
        var cut = false;
        foreach (var file in files)
        {
            if (file.IsImage)
            {
                if (readsImages)
                {
                    images.Add(file);
                    tokens += options.Value.ImageTokens;
                }
                else
                {
                    var note = $"\n\n[{file.Name}: an image, which this bot's model cannot see]";
                    text.Append(note);
                    tokens += counter.Count(model, note);
                }

                continue;
            }

            var header = $"\n\nAttached file {file.Name}:\n";
            var body = file.Text ?? "";
            var whole = counter.Count(model, header + body);
            var left = budget - tokens;
            if (!cut && whole <= left)
            {
                text.Append(header).Append(body);
                tokens += whole;
                continue;
            }

            // Cut: as much of the start as fits, and a note of the rest.
            var kept = cut ? "" : Prefix(model, body, left - NoteTokens - counter.Count(model, header));
            var rest = Math.Max(1, whole - counter.Count(model, header + kept));
            var said = kept.Length == 0
                ? $"\n\n[{file.Name}, about {rest.ToString("N0", CultureInfo.InvariantCulture)} tokens, did not fit]"
                : $"{header}{kept}\n[the rest of {file.Name}, about {rest.ToString("N0", CultureInfo.InvariantCulture)} tokens, did not fit]";
            text.Append(said);
            tokens += counter.Count(model, said);
            cut = true;
        }

        return new FittedFiles(text.ToString(), images, tokens, cut);
    }

    /// <summary>Why a reply to a message with an image fails when the bot's model does not read images, in words for the people in the room.</summary>
    public static string CannotSeeImages(string model) =>
        $"This bot's model '{model}' cannot see images, so it cannot answer a message with one. Send the question without the image, or ask a bot whose model reads images.";

    /// <summary>The message as the model gets it: its text followed by the files' text, then the images as image parts.</summary>
    public async Task<ChatMessage> AttachAsync(ChatMessage message, FittedFiles files, CancellationToken cancellationToken) => files.IsEmpty
        ? message
        : new ChatMessage(message.Role, [new Microsoft.Extensions.AI.TextContent((message.Text + files.Text).TrimStart('\n')), .. await ImagePartsAsync(files.Images, cancellationToken)]);

    /// <summary>The images' bytes, as image parts; one missing from the store is left out and logged.</summary>
    private async Task<List<AIContent>> ImagePartsAsync(IReadOnlyList<ContextFile> images, CancellationToken cancellationToken)
    {
        var parts = new List<AIContent>(images.Count);
        foreach (var image in images)
        {
            await using var content = await blobs.OpenReadAsync(image.BlobKey, cancellationToken);
            if (content is null)
            {
                AttachmentsLog.FileMissing(logger, image.Id);
                continue;
            }

            using var bytes = new MemoryStream();
            await content.CopyToAsync(bytes, cancellationToken);
            parts.Add(new DataContent(bytes.ToArray(), image.MediaType) { Name = image.Name });
        }

        return parts;
    }

    /// <summary>The longest start of <paramref name="text"/> within <paramref name="tokens"/>, found from the text's own ratio of characters to tokens and checked.</summary>
    private string Prefix(string model, string text, int tokens)
    {
        if (tokens <= 0 || text.Length == 0)
        {
            return "";
        }

        var total = Math.Max(1, counter.Count(model, text));
        var length = (int)Math.Min(text.Length, (long)text.Length * tokens / total);
        for (var attempt = 0; attempt < 8 && length > 0; attempt++)
        {
            if (char.IsHighSurrogate(text[length - 1]))
            {
                length--;
            }

            if (counter.Count(model, text[..length]) <= tokens)
            {
                return text[..length];
            }

            length = length * 9 / 10;
        }

        return "";
    }
}
