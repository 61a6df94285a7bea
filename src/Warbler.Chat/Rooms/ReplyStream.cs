using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Warbler.Chat.Events;
using Warbler.Chat.Replies;
using Warbler.Chat.Tools;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// The server-sent events of a send (or a regeneration) with <c>?stream=true</c>: <c>message</c>
/// (the stored message), <c>reply</c> (each bot reply started), <c>delta</c> (its text as it is
/// written), <c>step</c> (a tool call of a reply as it starts and ends), <c>completed</c> (each reply
/// as stored), then <c>done</c>. Leaving early stops nothing:
/// the replies are written and stored all the same.
/// </summary>
internal static class ReplyStream
{
    public static async IAsyncEnumerable<SseItem<object>> EventsAsync(
        ChatSubscription subscription, MessageResponse? message, IReadOnlyList<MessageResponse> replies, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            if (message is not null)
            {
                yield return new SseItem<object>(message, "message");
            }

            var pending = new HashSet<long>();
            foreach (var reply in replies)
            {
                if (reply.Status == nameof(MessageStatus.Streaming).ToLowerInvariant())
                {
                    pending.Add(reply.Id);
                    yield return new SseItem<object>(reply, "reply");
                }
                else
                {
                    yield return new SseItem<object>(reply, "completed");
                }
            }

            while (pending.Count > 0 && await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                while (pending.Count > 0 && subscription.Reader.TryRead(out var chatEvent))
                {
                    switch (chatEvent)
                    {
                        case MessageDelta delta when pending.Contains(delta.MessageId):
                            yield return new SseItem<object>(new { messageId = delta.MessageId, text = delta.Text }, "delta");
                            break;
                        case ToolStepChanged step when pending.Contains(step.MessageId):
                            yield return new SseItem<object>(new { messageId = step.MessageId, step = step.Step }, "step");
                            break;
                        case MessageCompleted completed when pending.Remove(completed.Message.Id):
                            yield return new SseItem<object>(completed.Message, "completed");
                            break;
                    }
                }
            }

            yield return new SseItem<object>(new { }, "done");
        }
    }
}
