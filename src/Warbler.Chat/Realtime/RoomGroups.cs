namespace Warbler.Chat.Realtime;

/// <summary>Each room is a SignalR group holding its members' connections.</summary>
internal static class RoomGroups
{
    public static string Of(Guid roomId) => "room:" + roomId.ToString("N");
}
