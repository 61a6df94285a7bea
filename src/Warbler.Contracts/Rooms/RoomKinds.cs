namespace Warbler.Contracts.Rooms;

/// <summary>The values of <see cref="Room.Kind"/>.</summary>
public static class RoomKinds
{
    /// <summary>A room of the caller and exactly one other participant, a user or a bot: a bot answers every message.</summary>
    public const string Direct = "direct";

    /// <summary>A room of any number of people and bots: a bot answers when its <c>@handle</c> is mentioned.</summary>
    public const string Group = "group";
}
