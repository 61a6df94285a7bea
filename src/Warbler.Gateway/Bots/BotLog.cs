namespace Warbler.Gateway.Bots;

/// <summary>Log messages of bot replies. Ids only: the text asked and answered is never logged.</summary>
internal static partial class BotLog
{
    [LoggerMessage(30, LogLevel.Debug, "Bot {BotId} replied to user {UserId} via {Provider}: status {Status}, {PromptTokens} prompt and {CompletionTokens} completion tokens{Estimated}.")]
    public static partial void Replied(ILogger logger, Guid botId, Guid userId, string provider, int status, int promptTokens, int completionTokens, string estimated);

    [LoggerMessage(31, LogLevel.Information, "Bot {BotId} could not reply to user {UserId}: {Kind} ({Status}). {Reason}")]
    public static partial void Failed(ILogger logger, Guid botId, Guid userId, BotCompletionErrorKind kind, int status, string reason);

    [LoggerMessage(32, LogLevel.Information, "Loaded today's bot token use of {Users} users.")]
    public static partial void SpendingLoaded(ILogger logger, int users);
}
