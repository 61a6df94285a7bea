using Microsoft.AspNetCore.Identity;
using Warbler.Data.Teams;

namespace Warbler.Data.Users;

/// <summary>A person who signs in to the chat: an ASP.NET Core Identity user with a name to show in rooms.</summary>
public sealed class WarblerUser : IdentityUser<Guid>
{
    /// <summary>The name other members see; the start of the email until the user sets one.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A picture of the user, from their identity provider's <c>picture</c> claim; null for none.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>What the user may use across their keys and bot replies, on top of each key's limits.</summary>
    public SpendingLimits Limits { get; set; } = new();

    public DateTime CreatedAt { get; set; }
}
