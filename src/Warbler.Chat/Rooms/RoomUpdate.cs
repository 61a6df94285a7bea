namespace Warbler.Chat.Rooms;

/// <summary>
/// A checked change to a room. <c>Title</c> null leaves the title as it is (blank removes it);
/// <c>Bots</c> null leaves the bots as they are, otherwise it is the whole list; <c>NewMembers</c> may name members already in.
/// </summary>
internal sealed record RoomUpdate(string? Title, IReadOnlyList<RoomBotChoice>? Bots, IReadOnlyList<Guid> NewMembers);

/// <summary>A bot in a room and its extra instructions for this room, if any.</summary>
internal sealed record RoomBotChoice(Guid BotId, string? Instructions);
