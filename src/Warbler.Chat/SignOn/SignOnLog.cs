namespace Warbler.Chat.SignOn;

/// <summary>Single sign-on's log messages. Tokens, codes and client secrets are never logged.</summary>
internal static partial class SignOnLog
{
    [LoggerMessage(1, LogLevel.Information, "Single sign-on with {Provider} created user {UserId}.")]
    public static partial void UserCreated(ILogger logger, string provider, Guid userId);

    [LoggerMessage(2, LogLevel.Information, "Single sign-on with {Provider} linked user {UserId} by their verified email.")]
    public static partial void UserLinked(ILogger logger, string provider, Guid userId);

    [LoggerMessage(3, LogLevel.Warning, "Single sign-on with {Provider} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string provider, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Single sign-on with {Provider} failed: {Error}")]
    public static partial void Failed(ILogger logger, string provider, string error);

    [LoggerMessage(5, LogLevel.Information, "Single sign-on with {Provider}: the admin role was {Change} user {UserId} by their groups.")]
    public static partial void AdminRoleChanged(ILogger logger, string provider, string change, Guid userId);

    [LoggerMessage(6, LogLevel.Information, "Single sign-on with {Provider}: user {UserId} joined {Joined} and left {Left} teams by their groups.")]
    public static partial void TeamsChanged(ILogger logger, string provider, Guid userId, int joined, int left);

    [LoggerMessage(7, LogLevel.Debug, "Single sign-on with {Provider}: no team is named {Team} for a group of user {UserId}.")]
    public static partial void TeamMissing(ILogger logger, string provider, string team, Guid userId);

    [LoggerMessage(8, LogLevel.Information, "Command-line sign-on of user {UserId} exchanged its one-time code for tokens.")]
    public static partial void CodeExchanged(ILogger logger, Guid userId);
}
