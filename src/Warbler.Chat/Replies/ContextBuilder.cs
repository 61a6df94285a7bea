using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Warbler.Chat.Attachments;
using Warbler.Chat.Messages;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Replies;

/// <summary>
/// Builds what a bot is sent: its system prompt (with the room's instructions), then as many of
/// the newest messages as fit its context budget, counted with the model's tokenizer. The message
/// being answered is always sent; older ones drop out oldest first. Files sent with the messages
/// are counted in the same budget (<see cref="AttachmentContext"/>).
/// </summary>
internal sealed class ContextBuilder(TokenCounter counter, AttachmentContext attachments)
{
    /// <summary>OpenAI's framing cost per message, as the gateway counts it.</summary>
    private const int TokensPerMessage = UsageEstimator.TokensPerMessage;
    private const int PageSize = 100;

    /// <summary>The context of a reply to the message <c>upTo</c>: it and the messages before it, after the instructions and any passages from <c>knowledge</c>.</summary>
    public async Task<List<ChatMessage>> BuildAsync(
        WarblerDbContext db, Room room, Bot bot, string? roomInstructions, long upTo, CancellationToken cancellationToken, string? knowledge = null)
    {
        var system = string.IsNullOrWhiteSpace(roomInstructions) ? bot.SystemPrompt : $"{bot.SystemPrompt}\n\n{roomInstructions}";
        system = knowledge is null ? system : $"{system}\n\n{knowledge}".TrimStart();
        var budget = bot.ContextBudget - Count(bot.Model, system);

        var picked = new List<Message>();
        var fitted = new Dictionary<long, FittedFiles>();
        var readsImages = attachments.ReadsImages(bot.Model);
        long? before = upTo + 1;
        var full = false;
        while (!full && before is not null)
        {
            var page = await db.Messages.AsNoTracking()
                .Where(m => m.RoomId == room.Id && m.Id < before && m.Status != MessageStatus.Failed && m.Status != MessageStatus.Streaming && m.Status != MessageStatus.Recalled)
                .OrderByDescending(m => m.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            var files = await AttachmentContext.LoadAsync(db, page, cancellationToken);
            foreach (var message in page)
            {
                var cost = Count(bot.Model, message.Text);
                if (picked.Count > 0 && cost > budget)
                {
                    full = true;
                    break;
                }

                // Files take what the message's text left; a document cut short ends the context here.
                var itsFiles = files.GetValueOrDefault(message.Id) ?? [];
                if (message.Id == upTo && !readsImages && itsFiles.Any(f => f.IsImage))
                {
                    throw new ReplyFailedException(AttachmentContext.CannotSeeImages(bot.Model));
                }

                fitted[message.Id] = attachments.Fit(bot.Model, itsFiles, budget - cost, readsImages);
                picked.Add(message);
                budget -= cost + fitted[message.Id].Tokens;
                if (fitted[message.Id].Cut)
                {
                    full = true;
                    break;
                }
            }

            before = page.Count == PageSize ? page[^1].Id : null;
        }

        picked.Reverse();
        var names = await ParticipantNames.LoadAsync(db, picked, cancellationToken);
        var prompt = new List<ChatMessage>(picked.Count + 1);
        if (!string.IsNullOrWhiteSpace(system))
        {
            prompt.Add(new ChatMessage(ChatRole.System, system));
        }

        foreach (var message in picked)
        {
            if (message.Text.Length > 0 || !fitted[message.Id].IsEmpty)
            {
                prompt.Add(await attachments.AttachAsync(Describe(message, room.Kind, bot, names), fitted[message.Id], cancellationToken));
            }
        }

        return prompt;
    }

    private int Count(string model, string? text) => TokensPerMessage + counter.Count(model, text ?? "");

    /// <summary>
    /// The bot's own replies are the assistant's turns. In a group room each person's words carry
    /// their name, and other bots' replies are labelled as theirs, so the bot can tell who said what.
    /// </summary>
    private static ChatMessage Describe(Message message, RoomKind kind, Bot bot, ParticipantNames names)
    {
        if (message.SenderBotId == bot.Id)
        {
            return new ChatMessage(ChatRole.Assistant, message.Text);
        }

        if (message.SenderBotId is { } otherBot)
        {
            return new ChatMessage(ChatRole.User, $"{names.BotName(otherBot)} (bot): {message.Text}");
        }

        return kind == RoomKind.Group
            ? new ChatMessage(ChatRole.User, $"{names.UserName(message.SenderUserId ?? Guid.Empty)}: {message.Text}")
            : new ChatMessage(ChatRole.User, message.Text);
    }
}
