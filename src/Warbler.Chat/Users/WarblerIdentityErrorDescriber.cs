using Microsoft.AspNetCore.Identity;

namespace Warbler.Chat.Users;

/// <summary>A user's name is its email, so errors about the name speak of the email.</summary>
internal sealed class WarblerIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) => new()
    {
        Code = nameof(DuplicateUserName),
        Description = $"The email '{userName}' is already registered.",
    };

    public override IdentityError DuplicateEmail(string email) => new()
    {
        Code = nameof(DuplicateEmail),
        Description = $"The email '{email}' is already registered.",
    };

    public override IdentityError InvalidUserName(string? userName) => new()
    {
        Code = nameof(InvalidUserName),
        Description = $"The email '{userName}' has characters that are not allowed.",
    };
}
