namespace Warbler.Data.Teams;

/// <summary>A user's membership of a team.</summary>
public sealed class TeamMember
{
    public Guid TeamId { get; set; }

    public Guid UserId { get; set; }

    public TeamRole Role { get; set; }

    /// <summary>
    /// True when a single sign-on claim gave the membership: the next sign-in without the claim
    /// removes it. Memberships given by hand are never removed by sign-in.
    /// </summary>
    public bool FromSignOn { get; set; }

    public DateTime JoinedAt { get; set; }
}

public enum TeamRole
{
    Member = 0,

    /// <summary>Manages the team's members and keys and sees its usage.</summary>
    Owner = 1,
}
