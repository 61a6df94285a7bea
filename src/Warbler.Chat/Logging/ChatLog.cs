namespace Warbler.Chat.Logging;

/// <summary>The chat's log messages. Passwords, tokens and message text are never logged.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1, LogLevel.Information, "Created the role {Role}.")]
    public static partial void RoleCreated(ILogger logger, string role);

    [LoggerMessage(2, LogLevel.Information, "Created the default bot @{Handle} with model {Model} ({Source}).")]
    public static partial void DefaultBotCreated(ILogger logger, string handle, string model, string source);

    [LoggerMessage(3, LogLevel.Warning, "Too many sign-in requests from one address; refused for {RetryAfterSeconds} s (Chat:Auth:LoginAttemptsPerMinute).")]
    public static partial void SignInRateLimited(ILogger logger, int retryAfterSeconds);

    [LoggerMessage(4, LogLevel.Warning, "User {UserId} was created but could not be given the role {Role}: {Errors}")]
    public static partial void RoleNotGiven(ILogger logger, Guid userId, string role, string errors);

    [LoggerMessage(5, LogLevel.Information, "The admin key created user {UserId}.")]
    public static partial void UserCreatedByAdmin(ILogger logger, Guid userId);

    [LoggerMessage(6, LogLevel.Information, "The admin key deleted user {UserId}.")]
    public static partial void UserDeleted(ILogger logger, Guid userId);

    [LoggerMessage(7, LogLevel.Information, "The admin role was {Change} user {UserId}.")]
    public static partial void AdminRoleChanged(ILogger logger, string change, Guid userId);

    [LoggerMessage(8, LogLevel.Error, "Writing the bot reply {MessageId} failed unexpectedly.")]
    public static partial void ReplyCrashed(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(9, LogLevel.Warning, "{Count} bot replies were left unfinished by the last run and are marked failed.")]
    public static partial void UnfinishedRepliesFailed(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Warning, "Relaying a {EventName} event of room {RoomId} to the hub's clients failed.")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string eventName, Guid roomId);

    [LoggerMessage(11, LogLevel.Debug, "Hub connection {ConnectionId} of user {UserId} opened, in {RoomCount} rooms.")]
    public static partial void HubConnected(ILogger logger, string connectionId, Guid userId, int roomCount);

    [LoggerMessage(12, LogLevel.Debug, "Hub connection {ConnectionId} of user {UserId} closed.")]
    public static partial void HubDisconnected(ILogger logger, string connectionId, Guid userId);

    [LoggerMessage(13, LogLevel.Error, "Checking for bot replies left unfinished by a server that went away failed.")]
    public static partial void UnfinishedRepliesCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "The database could not serve the hub's {HubMethod}: {Reason}. The caller was told to try again.")]
    public static partial void HubStorageUnavailable(ILogger logger, string hubMethod, string reason);

    [LoggerMessage(15, LogLevel.Warning, "The end of bot reply {MessageId} could not be stored ({Reason}); trying again in {Pause}.")]
    public static partial void ReplyNotStored(ILogger logger, long messageId, string reason, TimeSpan pause);

    [LoggerMessage(16, LogLevel.Warning, "Bot reply {MessageId} could not be written and is marked failed: {Reason}")]
    public static partial void ReplyMarkedFailed(ILogger logger, long messageId, string reason);

    [LoggerMessage(17, LogLevel.Warning, "Bot reply {MessageId} could not be marked failed yet ({Reason}); trying again in {Pause}.")]
    public static partial void ReplyNotMarkedFailed(ILogger logger, long messageId, string reason, TimeSpan pause);

    [LoggerMessage(18, LogLevel.Error, "Bot reply {MessageId} could not be marked failed; it is when the server starts again.")]
    public static partial void ReplyLeftUnfinished(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(19, LogLevel.Information, "The default bot @{Handle} was on the demo model, untouched, and now that a provider exists it uses {Model} ({Source}).")]
    public static partial void DefaultBotMovedOffDemo(ILogger logger, string handle, string model, string source);

    [LoggerMessage(20, LogLevel.Warning, "The default bot @{Handle} stays on the demo model for now ({Reason}); it is moved at the next start.")]
    public static partial void DefaultBotNotMovedOffDemo(ILogger logger, string handle, string reason);

    [LoggerMessage(21, LogLevel.Debug, "The send path was warmed up in {Milliseconds} ms.")]
    public static partial void SendPathWarmedUp(ILogger logger, long milliseconds);

    [LoggerMessage(22, LogLevel.Warning, "The send path could not be warmed up; the first sends may be slow.")]
    public static partial void SendPathNotWarmedUp(ILogger logger, Exception exception);

    [LoggerMessage(23, LogLevel.Debug, "The hub protocols were warmed up in {Milliseconds} ms.")]
    public static partial void HubProtocolWarmedUp(ILogger logger, long milliseconds);

    [LoggerMessage(24, LogLevel.Warning, "The hub protocols could not be warmed up; the first hub calls may be slow.")]
    public static partial void HubProtocolNotWarmedUp(ILogger logger, Exception exception);
}
