using System.Diagnostics.CodeAnalysis;
using Warbler.Cluster;

namespace Warbler.Chat.Realtime;

/// <summary>A room's membership change as told to the other servers: <c>join|{room}|{user},{user}</c> or <c>leave|…</c>.</summary>
internal sealed record MembersNotice(Guid RoomId, bool Joined, IReadOnlyList<Guid> UserIds)
{
    /// <summary>The members' topic among the servers.</summary>
    public static readonly ClusterTopic<MembersNotice> Topic = new("members", Format, TryParse);

    public static string Format(MembersNotice notice) =>
        $"{(notice.Joined ? "join" : "leave")}|{notice.RoomId:N}|{string.Join(',', notice.UserIds.Select(id => id.ToString("N")))}";

    public static bool TryParse(string payload, [MaybeNullWhen(false)] out MembersNotice notice)
    {
        notice = null;
        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] is not ("join" or "leave") || !Guid.TryParse(parts[1], out var roomId))
        {
            return false;
        }

        var userIds = new List<Guid>();
        foreach (var part in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Guid.TryParse(part, out var userId))
            {
                return false;
            }

            userIds.Add(userId);
        }

        notice = new MembersNotice(roomId, parts[0] == "join", userIds);
        return true;
    }
}
