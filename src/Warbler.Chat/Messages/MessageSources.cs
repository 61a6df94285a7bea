using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;
using MessageSource = Warbler.Contracts.Messages.MessageSource;

namespace Warbler.Chat.Messages;

/// <summary>The knowledge-base passages bot replies were given, to show with them.</summary>
internal static class MessageSources
{
    /// <summary>The sources of those of <paramref name="messages"/> that are finished bot replies, by message id; one query, none when there are no such replies.</summary>
    public static async Task<Dictionary<long, List<MessageSource>>> LoadAsync(WarblerDbContext db, IReadOnlyCollection<Message> messages, CancellationToken cancellationToken)
    {
        var replies = messages.Where(m => m.SenderBotId is not null && m.Status is MessageStatus.Complete or MessageStatus.Stopped).Select(m => m.Id).ToList();
        if (replies.Count == 0)
        {
            return [];
        }

        var stored = await db.MessageSources.AsNoTracking()
            .Where(s => replies.Contains(s.MessageId))
            .OrderBy(s => s.MessageId).ThenBy(s => s.Index)
            .ToListAsync(cancellationToken);
        return stored
            .GroupBy(s => s.MessageId)
            .ToDictionary(g => g.Key, g => g.Select(s => new MessageSource(s.Index, s.DocumentId, s.DocumentName, s.Heading, s.Passage, s.Score)).ToList());
    }
}
