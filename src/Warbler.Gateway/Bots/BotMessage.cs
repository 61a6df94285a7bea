namespace Warbler.Gateway.Bots;

/// <summary>One message of a bot's context.</summary>
/// <param name="Role">Who speaks: the instructions (<c>system</c>), a person (<c>user</c>) or the bot itself (<c>assistant</c>).</param>
/// <param name="Content">The message's text.</param>
/// <param name="Name">
/// OpenAI's <c>name</c>: which participant said it, so a model can tell the people of a group apart.
/// OpenAI accepts only ASCII letters, digits, <c>_</c> and <c>-</c>, up to 64 characters, so other
/// characters are sent as <c>_</c> and longer names cut; a name with no letter or digit left is not sent.
/// </param>
public sealed record BotMessage(BotMessageRole Role, string Content, string? Name = null);

public enum BotMessageRole
{
    System,
    User,
    Assistant,
}
