namespace Warbler.Gateway.Usage;

/// <summary>The <c>Usage</c> section: the journal and the background writer of usage records.</summary>
internal sealed class UsageOptions
{
    public const string SectionName = "Usage";

    /// <summary>
    /// False: no usage records are written. Reports then show nothing new, and budgets count only
    /// what was used since the server started.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Records kept in memory while they wait to be written. Journalled records beyond it are read
    /// back from the journal when their turn comes; without the journal, new records are dropped
    /// (counted and logged) rather than slowing requests down.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most records written in one database round trip.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer lets records gather before writing them, so that each database
    /// transaction carries many records rather than one.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// False: records wait in memory only, and a crash loses those not written to the database yet.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>
    /// The journal's folder. Empty: beside the SQLite file (<c>data/warbler.db-usage</c>), or for
    /// PostgreSQL under <c>data/usage-journal</c>, one folder per server and database.
    /// </summary>
    public string? JournalPath { get; set; }

    /// <summary>
    /// How long journalled records may stay in the operating system's cache before they are forced
    /// to disk (fsync), together. Zero forces each record to disk before its answer ends.
    /// </summary>
    public TimeSpan JournalSyncInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>What a <c>/v1</c> request whose record cannot be journalled gets.</summary>
    public JournalFailureMode OnJournalFailure { get; set; } = JournalFailureMode.Serve;
}

/// <summary>What happens to a request whose usage record cannot be journalled (disk full, folder gone).</summary>
internal enum JournalFailureMode
{
    /// <summary>The answer is given; the record waits in memory only (logged, counted in metrics).</summary>
    Serve,

    /// <summary>The answer is cut off before its end: no request is answered that could not be billed.</summary>
    Refuse,
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

        if (options.JournalSyncInterval < TimeSpan.Zero || options.JournalSyncInterval > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{UsageOptions.SectionName}:JournalSyncInterval must be between 00:00:00 and 00:00:01 (it is {options.JournalSyncInterval}).");
        }

        if (!Enum.IsDefined(options.OnJournalFailure))
        {
            failures.Add($"{UsageOptions.SectionName}:OnJournalFailure must be Serve or Refuse.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
