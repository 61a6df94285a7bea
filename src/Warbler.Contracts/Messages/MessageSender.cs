namespace Warbler.Contracts.Messages;

/// <summary>Who wrote a message.</summary>
/// <param name="Type"><see cref="UserType"/> or <see cref="BotType"/>.</param>
/// <param name="Id">The user's or the bot's id.</param>
/// <param name="Name">Their name as shown.</param>
public sealed record MessageSender(string Type, Guid Id, string Name)
{
    /// <summary>The <see cref="Type"/> of a person.</summary>
    public const string UserType = "user";

    /// <summary>The <see cref="Type"/> of a bot.</summary>
    public const string BotType = "bot";
}
