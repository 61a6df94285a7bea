using Warbler.Client.Json;
using Warbler.Contracts.Messages;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>
    /// A page of a room's history, oldest first (<c>GET /api/rooms/{id}/messages</c>): the newest
    /// messages by default, those before a message to scroll back, or those after one to catch up.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="before">Only messages older than this id (give at most one of <paramref name="before"/> and <paramref name="after"/>).</param>
    /// <param name="after">Only messages newer than this id.</param>
    /// <param name="limit">At most this many, 1 to 200 (the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; <see cref="MessagePage.HasMore"/> says whether there are more in that direction.</returns>
    public Task<MessagePage> GetMessagesAsync(Guid roomId, long? before = null, long? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"api/rooms/{roomId}/messages" + Query(("before", before), ("after", after), ("limit", limit)), WarblerJsonContext.Default.MessagePage, cancellationToken);

    /// <summary>
    /// Sends a message (<c>POST /api/rooms/{id}/messages</c>); the room's bots then answer (in a group
    /// room, those mentioned). Safe to retry: a send with the same <paramref name="clientMessageId"/>
    /// returns the message stored the first time and stores nothing new.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">Your own id for the message, to retry with; a new one is made when <c>null</c>.</param>
    /// <param name="replyTo">The message this one answers, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message as stored.</returns>
    /// <exception cref="Errors.WarblerApiException">400 for empty or too long text (see <see cref="Errors.WarblerApiException.Errors"/>); 404 for a room the caller is not in.</exception>
    public Task<Message> SendMessageAsync(Guid roomId, string text, string? clientMessageId = null, long? replyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendJsonAsync(
            HttpMethod.Post, $"api/rooms/{roomId}/messages", new SendMessageRequest(text, clientMessageId ?? NewClientMessageId(), replyTo),
            RequestJsonContext.Default.SendMessageRequest, WarblerJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>Edits one's own message; everyone in the room sees the change. Editing the newest message writes the bot replies to it again.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="text">The new text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message as edited.</returns>
    /// <exception cref="Errors.WarblerApiException">403 for someone else's message; 409 for a recalled one or one whose reply is still being written.</exception>
    public Task<Message> EditMessageAsync(Guid roomId, long messageId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendJsonAsync(
            HttpMethod.Patch, $"api/rooms/{roomId}/messages/{messageId}", new EditMessageRequest(text),
            RequestJsonContext.Default.EditMessageRequest, WarblerJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>Recalls one's own message for everyone, within the server's recall window (two minutes by default).</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tombstone left in its place: no text, status <c>recalled</c>.</returns>
    /// <exception cref="Errors.WarblerApiException">403 for someone else's message; 409 after the recall window.</exception>
    public Task<Message> RecallMessageAsync(Guid roomId, long messageId, CancellationToken cancellationToken = default) =>
        SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url($"api/rooms/{roomId}/messages/{messageId}")), WarblerJsonContext.Default.Message, cancellationToken);

    /// <summary>Stops a bot reply being written; it keeps what was written (status <c>stopped</c>).</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="replyId">The reply.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply as stored.</returns>
    public Task<Message> StopReplyAsync(Guid roomId, long replyId, CancellationToken cancellationToken = default) =>
        SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/messages/{replyId}/stop")), WarblerJsonContext.Default.Message, cancellationToken);

    /// <summary>Has a bot write a reply again from the same context; the earlier text is kept as a version. Follow it live on the hub, or use <see cref="RegenerateReplyStreamingAsync"/>.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="replyId">The bot's reply.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply as it starts again (status <c>streaming</c>).</returns>
    public Task<Message> RegenerateReplyAsync(Guid roomId, long replyId, CancellationToken cancellationToken = default) =>
        SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/messages/{replyId}/regenerate")), WarblerJsonContext.Default.Message, cancellationToken);

    /// <summary>The earlier texts of an edited message or a regenerated reply, oldest first.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The earlier versions.</returns>
    public async Task<IReadOnlyList<MessageVersion>> GetMessageVersionsAsync(Guid roomId, long messageId, CancellationToken cancellationToken = default) =>
        await GetAsync($"api/rooms/{roomId}/messages/{messageId}/versions", WarblerJsonContext.Default.ListMessageVersion, cancellationToken).ConfigureAwait(false);

    /// <summary>A new id for a message, unique enough that a retry is the only thing that repeats it.</summary>
    /// <returns>32 hexadecimal digits.</returns>
    public static string NewClientMessageId() => Guid.NewGuid().ToString("N");
}
