using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// Reads every room of the chat load back over REST: each acknowledged message must be stored
/// once, and every bot reply must have ended (those cut off by a kill marked failed at the restart).
/// </summary>
internal static class ChatLoadCheck
{
    private static readonly TimeSpan RepliesDeadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(WarblerRest rest, Dictionary<Guid, string> owners, List<ChatLoadSend> sends, ChatLoadResult result, CancellationToken cancellationToken)
    {
        // Replies still being written finish within seconds; wait for them before counting.
        var (stored, replies) = await ReadWhenRepliesEndAsync(rest, owners, TimeSpan.FromSeconds(1), cancellationToken);
        result.Lost = sends.Where(s => s.Acked && !stored.ContainsKey(s.ClientMessageId)).Select(s => s.ClientMessageId).ToList();
        result.Doubled = stored.Where(s => s.Value > 1).Select(s => s.Key).ToList();
        result.StoredUnacknowledged = sends.Count(s => !s.Acked && stored.ContainsKey(s.ClientMessageId));
        result.Replies = replies;
    }

    /// <summary>Waits until no bot reply in the rooms is still being written (at most <see cref="RepliesDeadline"/>).</summary>
    public static Task WaitForRepliesAsync(WarblerRest rest, Dictionary<Guid, string> owners, CancellationToken cancellationToken) =>
        ReadWhenRepliesEndAsync(rest, owners, TimeSpan.FromMilliseconds(200), cancellationToken);

    /// <summary>
    /// Reads every room, again every <paramref name="pause"/> while a bot reply is still being
    /// written (at most <see cref="RepliesDeadline"/>): the stored messages by client message id
    /// and the bot replies by status, as last read.
    /// </summary>
    private static async Task<(Dictionary<string, int> Stored, Dictionary<string, int> Replies)> ReadWhenRepliesEndAsync(
        WarblerRest rest, Dictionary<Guid, string> owners, TimeSpan pause, CancellationToken cancellationToken)
    {
        var started = Clock.Now();
        while (true)
        {
            var stored = new Dictionary<string, int>(StringComparer.Ordinal);
            var replies = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (room, owner) in owners)
            {
                await ReadRoomAsync(rest, room, owner, stored, replies, cancellationToken);
            }

            if (replies.GetValueOrDefault("streaming") == 0 || Clock.SecondsSince(started) >= RepliesDeadline.TotalSeconds)
            {
                return (stored, replies);
            }

            await Task.Delay(pause, cancellationToken);
        }
    }

    private static async Task ReadRoomAsync(WarblerRest rest, Guid room, string owner, Dictionary<string, int> stored, Dictionary<string, int> replies, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var page = await rest.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/rooms/{room}/messages?after={after}&limit=200"), owner, cancellationToken);
            foreach (var message in page.GetProperty("messages").EnumerateArray())
            {
                after = Math.Max(after, MessageJson.Int64(message, "id") ?? after);
                if (MessageJson.SenderType(message) == "bot")
                {
                    var status = MessageJson.String(message, "status") ?? "?";
                    replies[status] = replies.GetValueOrDefault(status) + 1;
                }
                else if (MessageJson.String(message, "clientMessageId") is { } id)
                {
                    stored[id] = stored.GetValueOrDefault(id) + 1;
                }
            }

            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return;
            }
        }
    }
}
