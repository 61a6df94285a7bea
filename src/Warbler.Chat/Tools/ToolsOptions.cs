namespace Warbler.Chat.Tools;

/// <summary>The <c>Chat:Tools</c> section: what bots' tool calls are allowed and held to.</summary>
public sealed class ToolsOptions
{
    public const string SectionName = "Chat:Tools";

    public const int MaxMaxRounds = 50;

    public const int MaxMaxResultLength = 1_000_000;

    /// <summary>Whether MCP servers started as local commands (<c>stdio</c>) may be registered and run; off by default, since such a command runs on the server with its rights.</summary>
    public bool AllowStdio { get; set; }

    /// <summary>How long a tool call (and connecting to its server and listing its tools) may take before the step is recorded as timed out.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Characters of a tool's result kept in the step and given to the model; the rest is cut, and the cut is said.</summary>
    public int MaxResultLength { get; set; } = 16_000;

    /// <summary>
    /// Requests to the model per reply, the first included. Tools are offered in all but the last; a reply
    /// that reaches the last is asked to answer without them, and says it stopped at the limit.
    /// </summary>
    public int MaxRounds { get; set; } = 5;
}

internal sealed class ToolsOptionsValidator : IValidateOptions<ToolsOptions>
{
    private static readonly TimeSpan MaxCallTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ToolsOptions options)
    {
        var failures = new List<string>();
        if (options.CallTimeout <= TimeSpan.Zero || options.CallTimeout > MaxCallTimeout)
        {
            failures.Add($"Chat:Tools:CallTimeout must be more than 00:00:00 and at most {MaxCallTimeout:c} (it is {options.CallTimeout:c}).");
        }

        if (options.MaxResultLength is < 100 or > ToolsOptions.MaxMaxResultLength)
        {
            failures.Add($"Chat:Tools:MaxResultLength must be between 100 and {ToolsOptions.MaxMaxResultLength} characters (it is {options.MaxResultLength}).");
        }

        if (options.MaxRounds is < 2 or > ToolsOptions.MaxMaxRounds)
        {
            failures.Add($"Chat:Tools:MaxRounds must be between 2 (one call of tools, then the answer) and {ToolsOptions.MaxMaxRounds} (it is {options.MaxRounds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
