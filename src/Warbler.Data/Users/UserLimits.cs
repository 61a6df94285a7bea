namespace Warbler.Data.Users;

public static class UserLimits
{
    public const int DisplayNameMaxLength = 100;
}
