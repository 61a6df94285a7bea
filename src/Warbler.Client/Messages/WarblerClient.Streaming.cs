using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Warbler.Client.Json;
using Warbler.Client.Messages;
using Warbler.Contracts.Messages;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>
    /// Sends a message and follows the bots' replies as they are written
    /// (<c>POST /api/rooms/{id}/messages?stream=true</c>, server-sent events): first
    /// <see cref="MessageStored"/>, then for each reply <see cref="ReplyStarted"/>, its
    /// <see cref="ReplyDelta"/>s (and <see cref="ReplyToolStep"/>s for the tools it calls) and <see cref="ReplyCompleted"/>. The sequence ends when every reply has.
    /// </summary>
    /// <remarks>
    /// Replies are written by the server whether or not anyone follows them: stopping the enumeration
    /// (or cancelling it) stops following, not the reply; use <see cref="StopReplyAsync"/> for that.
    /// </remarks>
    /// <param name="roomId">The room.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">Your own id for the message, to retry with; a new one is made when <c>null</c>.</param>
    /// <param name="replyTo">The message this one answers, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels following the stream.</param>
    /// <returns>The events, as they happen.</returns>
    /// <exception cref="Errors.WarblerApiException">Thrown by the first step of the enumeration when the send is refused.</exception>
    public IAsyncEnumerable<ReplyEvent> SendMessageStreamingAsync(
        Guid roomId, string text, string? clientMessageId = null, long? replyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = new SendMessageRequest(text, clientMessageId ?? NewClientMessageId(), replyTo);
        return StreamAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/messages?stream=true"))
        {
            Content = JsonContent.Create(body, RequestJsonContext.Default.SendMessageRequest),
        }, cancellationToken);
    }

    /// <summary>Has a bot write a reply again and follows it as it is written: <see cref="ReplyStarted"/>, <see cref="ReplyDelta"/>s, then <see cref="ReplyCompleted"/>.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="replyId">The bot's reply.</param>
    /// <param name="cancellationToken">Cancels following the stream.</param>
    /// <returns>The events, as they happen.</returns>
    public IAsyncEnumerable<ReplyEvent> RegenerateReplyStreamingAsync(Guid roomId, long replyId, CancellationToken cancellationToken = default) =>
        StreamAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/messages/{replyId}/regenerate?stream=true")), cancellationToken);

    private async IAsyncEnumerable<ReplyEvent> StreamAsync(Func<HttpRequestMessage> createRequest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HttpRequestMessage WithAccept()
        {
            var request = createRequest();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            return request;
        }

        using var response = await SendAsync(WithAccept, signedIn: true, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var parser = SseParser.Create(stream, static (type, data) => Parse(type, data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.EventType == "done")
            {
                yield break;
            }

            if (item.Data is { } replyEvent)
            {
                yield return replyEvent;
            }
        }
    }

    /// <returns>The event, or <c>null</c> for a kind this client does not know (a newer server's), which is skipped.</returns>
    private static ReplyEvent? Parse(string type, ReadOnlySpan<byte> data) => type switch
    {
        "message" => new MessageStored(ReadMessage(data)),
        "reply" => new ReplyStarted(ReadMessage(data)),
        "delta" => JsonSerializer.Deserialize(data, WarblerJsonContext.Default.ReplyDelta),
        "step" => JsonSerializer.Deserialize(data, WarblerJsonContext.Default.ReplyToolStep),
        "completed" => new ReplyCompleted(ReadMessage(data)),
        _ => null,
    };

    private static Message ReadMessage(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, WarblerJsonContext.Default.Message) ?? throw new JsonException("A message event carried no message.");
}
