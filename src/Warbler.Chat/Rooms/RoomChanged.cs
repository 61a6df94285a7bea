using Warbler.Chat.Events;

namespace Warbler.Chat.Rooms;

/// <summary>A room was created or changed (title, bots, members). <c>UnreadCount</c> is per member, so it is not counted here.</summary>
public sealed record RoomChanged(RoomResponse Room) : ChatEvent(Room.Id);
