namespace Warbler.Contracts.Rooms;

/// <summary>A bot in a room.</summary>
/// <param name="Id">The bot's id.</param>
/// <param name="Handle">Its handle, mentioned as <c>@handle</c>.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Model">The model it answers with.</param>
/// <param name="Instructions">Extra instructions it has in this room only.</param>
public sealed record RoomBot(Guid Id, string Handle, string Name, string Model, string? Instructions);
