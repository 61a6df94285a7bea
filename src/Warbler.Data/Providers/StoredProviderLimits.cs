namespace Warbler.Data.Providers;

public static class StoredProviderLimits
{
    public const int NameMaxLength = 100;
}
