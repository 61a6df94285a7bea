using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Attachments;
using Warbler.Chat.Tools;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Messages;

/// <summary>The names of the users and bots that wrote some messages, to show them as the API returns messages.</summary>
internal sealed class ParticipantNames
{
    private const string DeletedUser = "deleted user";
    private const string DeletedBot = "deleted bot";

    private readonly Dictionary<Guid, string> _users;
    private readonly Dictionary<Guid, string> _bots;
    private Dictionary<long, IReadOnlyList<AttachmentResponse>> _attachments = [];
    private Dictionary<long, List<Warbler.Contracts.Messages.MessageSource>> _sources = [];
    private Dictionary<long, IReadOnlyList<Warbler.Contracts.Messages.ToolStep>> _toolSteps = [];

    private ParticipantNames(Dictionary<Guid, string> users, Dictionary<Guid, string> bots)
    {
        _users = users;
        _bots = bots;
    }

    public static async Task<ParticipantNames> LoadAsync(WarblerDbContext db, IReadOnlyCollection<Message> messages, CancellationToken cancellationToken)
    {
        var userIds = messages.Where(m => m.SenderUserId is not null).Select(m => m.SenderUserId!.Value).Distinct().ToList();
        var botIds = messages.Where(m => m.SenderBotId is not null).Select(m => m.SenderBotId!.Value).Distinct().ToList();
        var names = await LoadAsync(db, userIds, botIds, cancellationToken);
        names._attachments = await AttachmentViews.LoadAsync(db, messages, cancellationToken);
        names._sources = await MessageSources.LoadAsync(db, messages, cancellationToken);

        // Bot replies show the tools they called.
        var replies = messages.Where(m => m.SenderBotId is not null && m.Status != MessageStatus.Streaming).Select(m => m.Id).ToList();
        names._toolSteps = await ToolStepHistory.LoadAsync(db, replies, cancellationToken);
        return names;
    }

    public static async Task<ParticipantNames> LoadAsync(WarblerDbContext db, IReadOnlyCollection<Guid> userIds, IReadOnlyCollection<Guid> botIds, CancellationToken cancellationToken)
    {
        var users = userIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName ?? "" })
                .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var bots = botIds.Count == 0
            ? []
            : await db.Bots.AsNoTracking().Where(b => botIds.Contains(b.Id))
                .Select(b => new { b.Id, b.Name })
                .ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        return new ParticipantNames(users, bots);
    }

    /// <summary>Names already at hand, such as those read with the room a message is sent to.</summary>
    public static ParticipantNames Of(IEnumerable<(Guid Id, string Name)> users, IEnumerable<Bot> bots) =>
        new(users.ToDictionary(u => u.Id, u => u.Name), bots.DistinctBy(b => b.Id).ToDictionary(b => b.Id, b => b.Name));

    /// <summary>The files a message just sent carries, known without reading them back.</summary>
    public ParticipantNames WithAttachments(long messageId, IReadOnlyList<AttachmentResponse> attachments)
    {
        if (attachments.Count > 0)
        {
            _attachments[messageId] = attachments;
        }

        return this;
    }

    public string UserName(Guid id) => _users.GetValueOrDefault(id, DeletedUser);

    public string BotName(Guid id) => _bots.GetValueOrDefault(id, DeletedBot);

    public MessageResponse Describe(Message message)
    {
        var sender = message.SenderBotId is { } botId
            ? new MessageSender("bot", botId, BotName(botId))
            : new MessageSender("user", message.SenderUserId ?? Guid.Empty, UserName(message.SenderUserId ?? Guid.Empty));
        return new MessageResponse(
            message.Id,
            message.RoomId,
            sender,
            message.Text,
            message.ClientMessageId,
            message.ReplyToId,
            message.Status.ToString().ToLowerInvariant(),
            message.Error,
            StoredTime.AsUtc(message.CreatedAt),
            message.EditedAt is { } edited ? StoredTime.AsUtc(edited) : null,
            message.Version,
            message.Model,
            message.SenderBotId is null ? null : new MessageUsage(message.PromptTokens, message.CompletionTokens, message.TokensEstimated),
            message.Status == MessageStatus.Recalled ? null : _attachments.GetValueOrDefault(message.Id),
            _sources.GetValueOrDefault(message.Id),
            _toolSteps.GetValueOrDefault(message.Id));
    }
}
