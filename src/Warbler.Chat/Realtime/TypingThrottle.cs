namespace Warbler.Chat.Realtime;

/// <summary>
/// People type in bursts, and clients report every key: a connection's typing is passed on to a
/// room at most once per <see cref="Interval"/>, so one client cannot flood a large room (and the
/// membership check behind it runs only then).
/// </summary>
internal static class TypingThrottle
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly object ItemsKey = new();

    /// <returns>True when this typing should be announced; its time is then remembered on the connection.</returns>
    public static bool ShouldAnnounce(IDictionary<object, object?> connectionItems, Guid roomId, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (connectionItems.TryGetValue(ItemsKey, out var item) && item is Dictionary<Guid, DateTimeOffset> last)
        {
            if (last.TryGetValue(roomId, out var previous) && now - previous < Interval)
            {
                return false;
            }
        }
        else
        {
            last = [];
            connectionItems[ItemsKey] = last;
        }

        last[roomId] = now;
        return true;
    }
}
