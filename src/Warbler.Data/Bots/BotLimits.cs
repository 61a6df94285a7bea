namespace Warbler.Data.Bots;

public static class BotLimits
{
    public const int NameMaxLength = 100;

    public const int HandleMinLength = 2;

    public const int HandleMaxLength = 32;

    public const int ModelMaxLength = 256;

    public const int SystemPromptMaxLength = 32_000;

    public const int DefaultContextBudget = 8_000;

    public const int MinContextBudget = 256;

    public const int MaxContextBudget = 1_000_000;
}
