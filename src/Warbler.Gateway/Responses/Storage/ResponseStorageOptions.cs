namespace Warbler.Gateway.Responses.Storage;

/// <summary>The <c>Responses</c> section's settings of stored responses (<c>store: true</c>, the default).</summary>
internal sealed class ResponseStorageOptions
{
    public const string SectionName = "Responses";

    /// <summary>How long a stored response can be read and continued: 30 days, as OpenAI keeps them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often expired responses are deleted. An expired response is refused at once; the sweep only frees the space.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most responses deleted in one statement, so a sweep never holds the database for long.</summary>
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>Most earlier responses a <c>previous_response_id</c> chain is followed back through.</summary>
    public int MaxConversationDepth { get; set; } = 100;
}

internal sealed class ResponseStorageOptionsValidator : IValidateOptions<ResponseStorageOptions>
{
    private static readonly TimeSpan LongestRetention = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, ResponseStorageOptions options)
    {
        const string Section = ResponseStorageOptions.SectionName;
        var failures = new List<string>();
        if (options.Retention < TimeSpan.FromMinutes(1) || options.Retention > LongestRetention)
        {
            failures.Add($"{Section}:Retention must be between 00:01:00 and 3650.00:00:00 (it is {options.Retention}).");
        }

        if (options.SweepInterval < TimeSpan.FromSeconds(1) || options.SweepInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:SweepInterval must be between 00:00:01 and 1.00:00:00 (it is {options.SweepInterval}).");
        }

        if (options.SweepBatchSize is < 1 or > 100_000)
        {
            failures.Add($"{Section}:SweepBatchSize must be between 1 and 100000 (it is {options.SweepBatchSize}).");
        }

        if (options.MaxConversationDepth is < 1 or > 10_000)
        {
            failures.Add($"{Section}:MaxConversationDepth must be between 1 and 10000 (it is {options.MaxConversationDepth}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
