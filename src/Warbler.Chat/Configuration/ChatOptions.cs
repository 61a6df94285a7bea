using Warbler.Data.Bots;

namespace Warbler.Chat.Configuration;

/// <summary>The <c>Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    public const int MaxMaxMessageLength = 1_000_000;

    /// <summary>
    /// The model of the default bot, <c>assistant</c>, when it is first created. Unset: the first
    /// model of the highest-priority provider (see <see cref="Bots.DefaultBotModel"/>).
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>Longer messages get 400.</summary>
    public int MaxMessageLength { get; set; } = 32_000;

    /// <summary>How long after sending a message its writer may recall it for everyone; zero turns recalling off.</summary>
    public TimeSpan RecallWindow { get; set; } = TimeSpan.FromMinutes(2);

    public ChatAuthOptions Auth { get; set; } = new();
}

/// <summary>The <c>Chat:Auth</c> section.</summary>
public sealed class ChatAuthOptions
{
    public const int MaxLoginAttemptsPerMinute = 10_000;

    /// <summary>Requests to <c>/api/auth/login</c>, <c>/register</c> and <c>/refresh</c> allowed from one address a minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
}

internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    private static readonly TimeSpan MaxRecallWindow = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultModel is { } model && (string.IsNullOrWhiteSpace(model) || model.Trim().Length > BotLimits.ModelMaxLength))
        {
            failures.Add($"Chat:DefaultModel must be a model name of 1 to {BotLimits.ModelMaxLength} characters, or unset.");
        }

        if (options.MaxMessageLength is < 1 or > ChatOptions.MaxMaxMessageLength)
        {
            failures.Add($"Chat:MaxMessageLength must be between 1 and {ChatOptions.MaxMaxMessageLength} (it is {options.MaxMessageLength}).");
        }

        if (options.RecallWindow < TimeSpan.Zero || options.RecallWindow > MaxRecallWindow)
        {
            failures.Add($"Chat:RecallWindow must be between 00:00:00 (recalling off) and {MaxRecallWindow:c} (it is {options.RecallWindow:c}).");
        }

        if (options.Auth.LoginAttemptsPerMinute is < 1 or > ChatAuthOptions.MaxLoginAttemptsPerMinute)
        {
            failures.Add($"Chat:Auth:LoginAttemptsPerMinute must be between 1 and {ChatAuthOptions.MaxLoginAttemptsPerMinute}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
