using Warbler.Gateway.Errors;

namespace Warbler.Gateway.InProcess;

/// <summary>Log messages of in-process calls (bot replies). Ids only: the text asked and answered is never logged.</summary>
internal static partial class InProcessLog
{
    [LoggerMessage(30, LogLevel.Debug, "Bot {BotId} replied to user {UserId} via {Provider}: status {Status}, {PromptTokens} prompt and {CompletionTokens} completion tokens{Estimated}.")]
    public static partial void Replied(ILogger logger, Guid botId, Guid userId, string provider, int status, int promptTokens, int completionTokens, string estimated);

    [LoggerMessage(31, LogLevel.Information, "Bot {BotId} could not reply to user {UserId}: {Kind} ({Status}). {Reason}")]
    public static partial void Failed(ILogger logger, Guid botId, Guid userId, GatewayErrorKind kind, int status, string reason);
}
