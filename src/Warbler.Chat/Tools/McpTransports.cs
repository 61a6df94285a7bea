namespace Warbler.Chat.Tools;

/// <summary>The ways Warbler reaches an MCP server.</summary>
internal static class McpTransports
{
    /// <summary>Streamable HTTP, at a URL.</summary>
    public const string Http = "http";

    /// <summary>A local command whose standard input and output carry the protocol.</summary>
    public const string Stdio = "stdio";
}
