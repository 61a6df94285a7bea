using Warbler.Data.Teams;

namespace Warbler.Chat.Teams;

/// <summary>Roles in a team as the API writes them: <c>owner</c> and <c>member</c>.</summary>
internal static class TeamRoles
{
    public static string Name(TeamRole role) => role == TeamRole.Owner ? "owner" : "member";

    public static bool TryParse(string? text, out TeamRole role)
    {
        role = TeamRole.Member;
        if (string.Equals(text, "owner", StringComparison.OrdinalIgnoreCase))
        {
            role = TeamRole.Owner;
            return true;
        }

        return string.Equals(text, "member", StringComparison.OrdinalIgnoreCase);
    }
}
