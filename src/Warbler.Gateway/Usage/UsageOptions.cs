namespace Warbler.Gateway.Usage;

/// <summary>The <c>Usage</c> section: the background writer of usage records.</summary>
internal sealed class UsageOptions
{
    public const string SectionName = "Usage";

    /// <summary>
    /// False: no usage records are written. Reports then show nothing new, and budgets count only
    /// what was used since the server started.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Records waiting to be written. When the database falls this far behind, new records are
    /// dropped (counted and logged) rather than slowing requests down.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most records written in one database round trip.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer lets records gather before writing them, so that each database
    /// transaction carries many records rather than one.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

internal sealed class UsageOptionsValidator : IValidateOptions<UsageOptions>
{
    public ValidateOptionsResult Validate(string? name, UsageOptions options)
    {
        var failures = new List<string>();
        if (options.QueueCapacity < 1)
        {
            failures.Add($"{UsageOptions.SectionName}:QueueCapacity must be 1 or more (it is {options.QueueCapacity}).");
        }

        if (options.BatchSize < 1)
        {
            failures.Add($"{UsageOptions.SectionName}:BatchSize must be 1 or more (it is {options.BatchSize}).");
        }

        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{UsageOptions.SectionName}:FlushInterval must be between 00:00:00 and 00:01:00 (it is {options.FlushInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
