namespace Warbler.Chat.UserQuotas;

internal static partial class UserQuotasLog
{
    [LoggerMessage(32, LogLevel.Information, "Loaded today's bot token use of {Users} users.")]
    public static partial void SpendingLoaded(ILogger logger, int users);
}
