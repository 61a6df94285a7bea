namespace Warbler.Data.Teams;

/// <summary>
/// A group of users who share gateway keys, bots and budgets. Owners manage its members and keys;
/// admins manage every team.
/// </summary>
public sealed class Team
{
    public Guid Id { get; set; }

    /// <summary>Unique, compared without regard to case; what a single sign-on group maps to.</summary>
    public required string Name { get; set; }

    public string Description { get; set; } = "";

    /// <summary>What the team's members and keys may use together.</summary>
    public SpendingLimits Limits { get; set; } = new();

    public DateTime CreatedAt { get; set; }
}
