namespace Warbler.Data.Tools;

/// <summary>A tool of an MCP server that a bot may call; the bot is offered no other.</summary>
public sealed class BotTool
{
    public Guid BotId { get; set; }

    public Guid ServerId { get; set; }

    /// <summary>The tool's name as the server lists it.</summary>
    public required string ToolName { get; set; }
}
