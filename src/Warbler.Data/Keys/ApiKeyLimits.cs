namespace Warbler.Data.Keys;

public static class ApiKeyLimits
{
    public const int NameMaxLength = 100;

    /// <summary>The largest cost budget (of a key, a user or a team): cost columns are numeric(20, 10), which hold less than 10^10.</summary>
    public const decimal MaxCostBudget = 9_999_999_999m;
}
