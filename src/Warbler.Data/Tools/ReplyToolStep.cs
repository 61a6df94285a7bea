namespace Warbler.Data.Tools;

/// <summary>One tool call a bot made while writing a reply, with what it was given and what it got back, so the reply's history shows it.</summary>
public sealed class ReplyToolStep
{
    public long Id { get; set; }

    /// <summary>The reply it belongs to.</summary>
    public long MessageId { get; set; }

    /// <summary>Its place among the reply's calls, from 0.</summary>
    public int Index { get; set; }

    /// <summary>The MCP server's name when it was called (the server may be renamed or removed since).</summary>
    public required string ServerName { get; set; }

    public required string ToolName { get; set; }

    /// <summary>The arguments the model gave, as JSON.</summary>
    public string Arguments { get; set; } = "{}";

    /// <summary>What the tool answered, or why it failed, cut to <see cref="ToolLimits.ResultMaxLength"/> at most.</summary>
    public string Result { get; set; } = "";

    public ToolStepStatus Status { get; set; }

    public int DurationMs { get; set; }

    public DateTime StartedAt { get; set; }
}

public enum ToolStepStatus
{
    Ok,
    Error,
    TimedOut,
}
