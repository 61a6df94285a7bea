namespace Warbler.Bench.Im;

/// <summary>What the set-up made: the members (signed in, not yet connected), the rooms and the bot.</summary>
internal sealed class BenchWorld
{
    public required string RunId { get; init; }

    /// <summary>Every user: the first <c>--members</c> are the fan-out room, the first <c>--bot-members</c> also the bot's room.</summary>
    public required IReadOnlyList<ChatMember> Members { get; init; }

    public Guid FanOutRoom { get; set; }

    public Guid BotRoom { get; set; }

    public string? BotHandle { get; set; }

    public List<Guid> IdleRooms { get; } = [];

    public double CreateUsersSeconds { get; set; }
}
