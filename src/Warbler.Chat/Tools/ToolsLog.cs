namespace Warbler.Chat.Tools;

/// <summary>The log messages of bots' tools. Arguments, results and secrets are never logged.</summary>
internal static partial class ToolsLog
{
    [LoggerMessage(1, LogLevel.Warning, "The tools of the MCP server {Server} are not offered to bot {BotId}'s reply {MessageId}: {Reason}")]
    public static partial void ServerUnavailable(ILogger logger, string server, Guid botId, long messageId, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Bot {BotId} may call {Tool} of two MCP servers; only the first, {Server}, is offered.")]
    public static partial void DuplicateTool(ILogger logger, Guid botId, string tool, string server);

    [LoggerMessage(3, LogLevel.Information, "MCP server {Server} ({ServerId}) {Change}.")]
    public static partial void ServerChanged(ILogger logger, string server, Guid serverId, string change);

    [LoggerMessage(4, LogLevel.Information, "MCP server {ServerId} was removed.")]
    public static partial void ServerRemoved(ILogger logger, Guid serverId);
}
