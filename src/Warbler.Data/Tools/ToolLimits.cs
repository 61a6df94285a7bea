namespace Warbler.Data.Tools;

public static class ToolLimits
{
    public const int ServerNameMaxLength = 100;

    public const int ToolNameMaxLength = 128;

    public const int UrlMaxLength = 2_000;

    public const int CommandMaxLength = 1_000;

    /// <summary>The most of a tool's result a step keeps, whatever the configured cap.</summary>
    public const int ResultMaxLength = 1_000_000;

    public const int ArgumentsMaxLength = 100_000;
}
