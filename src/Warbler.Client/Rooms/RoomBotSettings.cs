namespace Warbler.Client.Rooms;

/// <summary>A bot to have in a room, with extra instructions for this room.</summary>
/// <param name="Bot">The bot's id or handle.</param>
/// <param name="Instructions">Instructions added to the bot's own in this room, or <c>null</c>.</param>
public sealed record RoomBotSettings(string Bot, string? Instructions = null);
