namespace Warbler.Chat.Messages;

/// <summary>Settings of messages, from the <c>Chat</c> section.</summary>
public sealed class MessageOptions
{
    public const string SectionName = "Chat";

    /// <summary>Longer messages get 400.</summary>
    public int MaxMessageLength { get; set; } = 32_000;
}

internal sealed class MessageOptionsValidator : IValidateOptions<MessageOptions>
{
    public ValidateOptionsResult Validate(string? name, MessageOptions options) =>
        options.MaxMessageLength is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{MessageOptions.SectionName}:MaxMessageLength must be between 1 and 1000000 (it is {options.MaxMessageLength}).");
}
