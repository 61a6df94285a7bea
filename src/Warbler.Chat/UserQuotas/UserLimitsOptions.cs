using Warbler.Gateway.Keys;

namespace Warbler.Chat.UserQuotas;

/// <summary>
/// The <c>Chat:UserLimits</c> section: what each user may ask of bots. Null or 0 means no limit.
/// The gateway applies them as it applies a key's limits, given them on each call.
/// </summary>
public sealed class UserLimitsOptions
{
    public const string SectionName = "Chat:UserLimits";

    /// <summary>Bot replies a user may ask for per minute (a bucket that refills continuously).</summary>
    public int? BotRequestsPerMinute { get; set; } = 20;

    /// <summary>Tokens (prompt and reply) a user's bot replies may use per UTC day.</summary>
    public long? TokensPerDay { get; set; } = 200_000;

    /// <summary>These limits in the form the gateway's rate limiter enforces for keys.</summary>
    public KeyLimits ToKeyLimits() => new(
        RequestsPerMinute: BotRequestsPerMinute is > 0 ? BotRequestsPerMinute : null,
        TokensPerMinute: null,
        MaxConcurrentRequests: null,
        DailyTokenBudget: TokensPerDay is > 0 ? TokensPerDay : null);
}

internal sealed class UserLimitsOptionsValidator : IValidateOptions<UserLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, UserLimitsOptions options)
    {
        var failures = new List<string>();
        if (options.BotRequestsPerMinute < 0)
        {
            failures.Add($"{UserLimitsOptions.SectionName}:BotRequestsPerMinute must be 0 (no limit) or more (it is {options.BotRequestsPerMinute}).");
        }

        if (options.TokensPerDay < 0)
        {
            failures.Add($"{UserLimitsOptions.SectionName}:TokensPerDay must be 0 (no limit) or more (it is {options.TokensPerDay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
