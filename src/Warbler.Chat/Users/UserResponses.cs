using Warbler.Data;
using Warbler.Data.Users;

namespace Warbler.Chat.Users;

/// <summary>A stored user as the API shows them: never a password, hash or token.</summary>
internal static class UserResponses
{
    extension(UserResponse)
    {
        public static UserResponse From(WarblerUser user, IEnumerable<string> roles) =>
            new(user.Id, user.Email, user.DisplayName, roles.Order(StringComparer.Ordinal).ToList(), StoredTime.AsUtc(user.CreatedAt), user.AvatarUrl);
    }
}
