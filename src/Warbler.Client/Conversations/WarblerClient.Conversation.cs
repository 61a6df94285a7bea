using Warbler.Contracts.Conversations;
using Warbler.Client.Json;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>
    /// Asks the default bot (<c>@assistant</c>) in one call and waits for its whole reply
    /// (<c>POST /chat</c>). Leave <paramref name="conversationId"/> out to start a conversation;
    /// pass the returned <see cref="ConversationReply.ConversationId"/> back to go on.
    /// </summary>
    /// <param name="message">The question.</param>
    /// <param name="conversationId">The conversation to go on, or <c>null</c> to start one.</param>
    /// <param name="cancellationToken">Cancels waiting (the reply is still written and stored).</param>
    /// <returns>The reply and the conversation's id.</returns>
    /// <exception cref="Errors.WarblerApiException">
    /// When the bot could not reply, with the reason in <see cref="Errors.WarblerApiException.Detail"/>: 429 when the user's
    /// own limits on bot replies refuse it and 503 when no provider can answer now (both with
    /// <see cref="Errors.WarblerApiException.RetryAfter"/> when known), 504 when none answered in time, 502 when a provider failed.
    /// </exception>
    public Task<ConversationReply> ChatAsync(string message, Guid? conversationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendJsonAsync(
            HttpMethod.Post, "chat", new ConversationRequest(message, conversationId),
            RequestJsonContext.Default.ConversationRequest, WarblerJsonContext.Default.ConversationReply, cancellationToken);
    }
}
