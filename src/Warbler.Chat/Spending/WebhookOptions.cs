namespace Warbler.Chat.Spending;

/// <summary>
/// The <c>Notifications:Webhook</c> section: where operators are told of budget crossings. No
/// <see cref="Url"/>, no webhook (the hub event is sent all the same).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Notifications:Webhook";

    /// <summary>An absolute http or https URL that receives a POST per crossing.</summary>
    public string? Url { get; set; }

    /// <summary>The key each body is signed with (HMAC-SHA256); required with <see cref="Url"/>. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts in all, the first included, before a delivery is given up.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The pause after the first failed attempt; each next one doubles, plus up to 20 % at random.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between two attempts (before the random part).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the receiver has to answer an attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each node looks for deliveries due (those of other nodes, or left by a stopped one).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                failures.Add($"{WebhookOptions.SectionName}:Url must be an absolute http or https URL.");
            }

            if (string.IsNullOrEmpty(options.Secret) || options.Secret.Length < 16)
            {
                failures.Add($"{WebhookOptions.SectionName}:Secret must be set, of at least 16 characters, when {WebhookOptions.SectionName}:Url is.");
            }
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{WebhookOptions.SectionName}:MaxAttempts must be 1 to 100 (it is {options.MaxAttempts}).");
        }

        if (options.BaseDelay <= TimeSpan.Zero || options.MaxDelay < options.BaseDelay)
        {
            failures.Add($"{WebhookOptions.SectionName}:BaseDelay must be more than 0 and MaxDelay at least BaseDelay.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{WebhookOptions.SectionName}:Timeout must be more than 0 and at most 5 minutes.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{WebhookOptions.SectionName}:PollInterval must be more than 0.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
