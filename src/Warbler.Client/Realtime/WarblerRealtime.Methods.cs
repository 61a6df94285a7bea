using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Contracts.Messages;

namespace Warbler.Client.Realtime;

public sealed partial class WarblerRealtime
{
    /// <summary>
    /// Sends a message over the hub (<c>SendMessage</c>); the room's bots then answer. Safe to retry:
    /// a send with the same <paramref name="clientMessageId"/> returns the message stored the first
    /// time. The user receives its <see cref="MessageCreated"/> too, like everyone in the room.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">Your own id for the message, to retry with; a new one is made when <c>null</c>.</param>
    /// <param name="replyTo">The message this one answers, or <c>null</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer (the message may still be stored: retry with the same id).</param>
    /// <returns>The message, once stored.</returns>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException">The server refused: its message says why, as the REST API would.</exception>
    public Task<Message> SendMessageAsync(Guid roomId, string text, string? clientMessageId = null, long? replyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _connection.InvokeAsync<Message>("SendMessage", roomId, text, clientMessageId ?? WarblerClient.NewClientMessageId(), replyTo, cancellationToken);
    }

    /// <summary>
    /// Sends a message with files uploaded to the room first (<see cref="WarblerClient.UploadAttachmentAsync(Guid, Stream, string, CancellationToken)"/>)
    /// over the hub (<c>SendMessageWithAttachments</c>); with some, <paramref name="text"/> may be empty. Safe to retry
    /// with the same <paramref name="clientMessageId"/>.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="text">The text, or empty.</param>
    /// <param name="attachmentIds">The ids of the user's own uploads to this room that no message carries yet.</param>
    /// <param name="clientMessageId">Your own id for the message, to retry with; a new one is made when <c>null</c>.</param>
    /// <param name="replyTo">The message this one answers, or <c>null</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer (the message may still be stored: retry with the same id).</param>
    /// <returns>The message, once stored, with its <see cref="Message.Attachments"/>.</returns>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException">The server refused: its message says why, as the REST API would.</exception>
    public Task<Message> SendMessageWithAttachmentsAsync(
        Guid roomId, string text, IReadOnlyList<Guid> attachmentIds, string? clientMessageId = null, long? replyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attachmentIds);
        return _connection.InvokeAsync<Message>(
            "SendMessageWithAttachments", roomId, text, clientMessageId ?? WarblerClient.NewClientMessageId(), replyTo, attachmentIds.ToArray(), cancellationToken);
    }

    /// <summary>Tells the room's other members that the user is typing (<c>Typing</c>); call it every few seconds while they type.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the server has it.</returns>
    public Task TypingAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync("Typing", roomId, cancellationToken);

    /// <summary>Marks a room read up to a message (<c>MarkRead</c>); read positions only move forward.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The newest message read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once stored.</returns>
    public Task MarkReadAsync(Guid roomId, long messageId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync("MarkRead", roomId, messageId, cancellationToken);

    /// <summary>Stops a bot reply being written (<c>StopReply</c>); it keeps what was written.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="replyId">The reply.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply as stored.</returns>
    public Task<Message> StopReplyAsync(Guid roomId, long replyId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<Message>("StopReply", roomId, replyId, cancellationToken);

    /// <summary>Recalls the user's own message for everyone (<c>RecallMessage</c>), within the server's recall window.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tombstone left in its place.</returns>
    public Task<Message> RecallMessageAsync(Guid roomId, long messageId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<Message>("RecallMessage", roomId, messageId, cancellationToken);

    /// <summary>
    /// What a room missed since a message (<c>CatchUp</c>): the messages after it, oldest first, and
    /// older ones that changed since. The connection does this itself after reconnecting; this is
    /// for applications that keep their own history. It raises no events.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="afterMessageId">The newest message the application has (0 for the start of the room).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Up to 200 messages; with <see cref="MessagePage.HasMore"/>, call again from the newest.</returns>
    public Task<MessagePage> CatchUpAsync(Guid roomId, long afterMessageId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<MessagePage>("CatchUp", roomId, afterMessageId, cancellationToken);
}
