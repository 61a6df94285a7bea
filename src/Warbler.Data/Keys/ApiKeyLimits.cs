namespace Warbler.Data.Keys;

public static class ApiKeyLimits
{
    public const int NameMaxLength = 100;
}
