using Microsoft.AspNetCore.Identity;

namespace Warbler.Data.Users;

/// <summary>A person who signs in to the chat: an ASP.NET Core Identity user with a name to show in rooms.</summary>
public sealed class WarblerUser : IdentityUser<Guid>
{
    /// <summary>The name other members see; the start of the email until the user sets one.</summary>
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
