using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Attachments;
using Warbler.Chat.Configuration;
using Warbler.Chat.Events;
using Warbler.Chat.Files;
using Warbler.Chat.Identity;
using Warbler.Chat.Logging;
using Warbler.Chat.Messages;
using Warbler.Chat.Rooms;
using Warbler.Contracts.Realtime;
using Warbler.Data;

namespace Warbler.Chat.Realtime;

/// <summary>
/// The chat's real-time hub, <c>/hubs/chat</c>. A connection is in the group of every room its
/// user belongs to, and receives the rooms' events (see <see cref="IChatHubClient"/>); these methods
/// are what a client calls. Refusals reach the caller as a <see cref="HubException"/> whose message
/// says why; anything else is reported without details.
/// </summary>
[Authorize(Policy = ChatPolicies.SignedIn)]
internal sealed class ChatHub(
    WarblerDbContext db, MessageStore store, HubConnections connections, ChatEvents events, IOptions<ChatOptions> options, IOptions<FilesOptions> files,
    TimeProvider time, ILogger<ChatHub> logger) : Hub<IChatHubClient>
{
    private Guid Me => Context.User!.UserId();

    public override async Task OnConnectedAsync()
    {
        var me = Me;
        var rooms = await connections.ConnectAsync(me, Context.ConnectionId, () =>
            db.RoomMembers.AsNoTracking().Where(m => m.UserId == me).Select(m => m.RoomId).ToListAsync(Context.ConnectionAborted));
        ChatLog.HubConnected(logger, Context.ConnectionId, me, rooms);
    }

    /// <summary>
    /// Answers once this connection has joined its rooms. A client's connect completes at the
    /// handshake, before that, so an event of a room sent in between would not reach it; a client
    /// that must not miss one calls this first (calls are answered only after the joining).
    /// </summary>
    public Task Ready() => Task.CompletedTask;

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await connections.DisconnectAsync(Me, Context.ConnectionId);
        ChatLog.HubDisconnected(logger, Context.ConnectionId, Me);
    }

    /// <summary>Sends a message; returns it once stored. A retry with the same <paramref name="clientMessageId"/> returns the message stored the first time.</summary>
    public Task<MessageResponse> SendMessage(Guid roomId, string? text, string? clientMessageId, long? replyTo) =>
        SendMessageWithAttachments(roomId, text, clientMessageId, replyTo, null);

    /// <summary>
    /// <see cref="SendMessage"/> with files uploaded to the room first (<c>POST /api/rooms/{roomId}/attachments</c>);
    /// with some, <paramref name="text"/> may be empty. A method of its own, since a hub method's arguments are all required.
    /// </summary>
    public async Task<MessageResponse> SendMessageWithAttachments(Guid roomId, string? text, string? clientMessageId, long? replyTo, IReadOnlyList<Guid>? attachmentIds)
    {
        var withFiles = attachmentIds is { Count: > 0 };
        var problem = (withFiles && string.IsNullOrEmpty(text) ? null : MessageRules.TextProblem(text, options.Value.MaxMessageLength))
            ?? MessageRules.ClientMessageIdProblem(clientMessageId)
            ?? AttachmentRules.CountProblem(attachmentIds, files.Value.MaxFilesPerMessage);
        if (problem is not null)
        {
            throw new HubException(problem);
        }

        var outcome = await store.SendToRoomAsync(roomId, Me, text ?? "", clientMessageId!, replyTo, Context.ConnectionAborted, attachmentIds);
        return outcome.Result switch
        {
            SendResult.RoomNotFound => throw new HubException(RoomAccess.NotFoundMessage(roomId)),
            SendResult.ReplyToNotFound => throw new HubException(MessageRules.NoSuchMessage(replyTo!.Value)),
            SendResult.AttachmentsRefused => throw new HubException(AttachmentClaims.NotSendable),
            _ => outcome.Sent!.Shown,
        };
    }

    /// <summary>Tells the room's other connections that the caller is typing (at most once a second per connection and room).</summary>
    public async Task Typing(Guid roomId)
    {
        if (!TypingThrottle.ShouldAnnounce(Context.Items, roomId, time))
        {
            return;
        }

        await EnsureMemberAsync(roomId);
        await Clients.OthersInGroup(RoomGroups.Of(roomId)).typing(roomId, Me);
    }

    /// <summary>Reads up to a message (never back); the room gets a <c>readReceipt</c>.</summary>
    public async Task MarkRead(Guid roomId, long messageId)
    {
        var result = await ReadMarker.MarkAsync(db, events, roomId, Me, messageId, Context.ConnectionAborted);
        switch (result)
        {
            case MarkReadResult.RoomNotFound:
                throw new HubException(RoomAccess.NotFoundMessage(roomId));
            case MarkReadResult.MessageNotFound:
                throw new HubException(MessageRules.NoSuchMessage(messageId));
        }
    }

    /// <summary>Stops a bot reply being written, keeping what was written; returns it as stored.</summary>
    public async Task<MessageResponse> StopReply(Guid roomId, long messageId)
    {
        await EnsureMemberAsync(roomId);
        var reply = await store.StopAsync(roomId, Me, messageId, Context.ConnectionAborted) ?? throw new HubException(MessageRules.NoSuchMessage(messageId));
        return await DescribeAsync(reply);
    }

    /// <summary>Recalls the caller's own message for everyone, within <c>Chat:RecallWindow</c>; returns the tombstone left in its place.</summary>
    public async Task<MessageResponse> RecallMessage(Guid roomId, long messageId)
    {
        var outcome = await store.RecallAsync(roomId, Me, messageId, Context.ConnectionAborted);
        return outcome.Result switch
        {
            RecallResult.RoomNotFound => throw new HubException(RoomAccess.NotFoundMessage(roomId)),
            RecallResult.MessageNotFound => throw new HubException(MessageRules.NoSuchMessage(messageId)),
            RecallResult.NotYours => throw new HubException(MessageRules.NotYours),
            RecallResult.TooLate => throw new HubException(MessageRules.TooLateToRecall(options.Value.RecallWindow)),
            _ => await DescribeAsync(outcome.Message!),
        };
    }

    /// <summary>
    /// What the caller missed in a room since the message <paramref name="afterMessageId"/>: the
    /// messages after it and the older ones that changed since (see <see cref="MessageCatchUp"/>).
    /// </summary>
    public async Task<MessagePage> CatchUp(Guid roomId, long afterMessageId)
    {
        await EnsureMemberAsync(roomId);
        return await MessageCatchUp.PageAsync(db, roomId, afterMessageId, Context.ConnectionAborted);
    }

    private async Task EnsureMemberAsync(Guid roomId)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, Me, Context.ConnectionAborted))
        {
            throw new HubException(RoomAccess.NotFoundMessage(roomId));
        }
    }

    private async Task<MessageResponse> DescribeAsync(Data.Rooms.Message message) =>
        (await ParticipantNames.LoadAsync(db, [message], Context.ConnectionAborted)).Describe(message);
}
