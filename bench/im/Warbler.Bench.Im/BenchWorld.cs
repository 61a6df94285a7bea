namespace Warbler.Bench.Im;

/// <summary>What the set-up made: the members (signed in, not yet connected), the rooms and the bot.</summary>
internal sealed class BenchWorld
{
    public required string RunId { get; init; }

    /// <summary>One connection per user: the first <c>--members</c> are the fan-out room, the first <c>--bot-members</c> also the bot's room.</summary>
    public required IReadOnlyList<ChatMember> Members { get; init; }

    /// <summary>
    /// More connections of the same users, as from their other devices, held only while idle
    /// memory is measured: signing in thousands of users costs minutes of password hashing, and a
    /// connection costs the server the same memory whoever holds it.
    /// </summary>
    public required IReadOnlyList<ChatMember> ExtraConnections { get; init; }

    public Guid FanOutRoom { get; set; }

    public Guid BotRoom { get; set; }

    public string? BotHandle { get; set; }

    public double CreateUsersSeconds { get; set; }
}
