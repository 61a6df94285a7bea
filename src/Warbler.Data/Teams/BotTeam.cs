namespace Warbler.Data.Teams;

/// <summary>A team allowed to use a bot. A bot without any is open to everyone.</summary>
public sealed class BotTeam
{
    public Guid BotId { get; set; }

    public Guid TeamId { get; set; }
}
