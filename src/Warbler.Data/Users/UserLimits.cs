namespace Warbler.Data.Users;

public static class UserLimits
{
    public const int DisplayNameMaxLength = 100;

    public const int AvatarUrlMaxLength = 2048;
}
