namespace Warbler.Chat.Realtime;

/// <summary>A room's membership change as told to the other servers: <c>join|{room}|{user},{user}</c> or <c>leave|…</c>.</summary>
internal static class MembersNotice
{
    public static string Format(Guid roomId, bool joined, IEnumerable<Guid> userIds) =>
        $"{(joined ? "join" : "leave")}|{roomId:N}|{string.Join(',', userIds.Select(id => id.ToString("N")))}";

    public static bool TryParse(string payload, out Guid roomId, out bool joined, out List<Guid> userIds)
    {
        var parts = payload.Split('|');
        roomId = Guid.Empty;
        joined = parts.Length > 0 && parts[0] == "join";
        userIds = [];
        if (parts.Length != 3 || parts[0] is not ("join" or "leave") || !Guid.TryParse(parts[1], out roomId))
        {
            return false;
        }

        foreach (var part in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Guid.TryParse(part, out var userId))
            {
                return false;
            }

            userIds.Add(userId);
        }

        return true;
    }
}
