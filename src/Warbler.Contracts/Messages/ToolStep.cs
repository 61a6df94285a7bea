namespace Warbler.Contracts.Messages;

/// <summary>One tool call a bot made while writing a reply: sent live as it starts and ends (<c>toolStep</c>), and kept with the reply.</summary>
/// <param name="Index">Its place among the reply's calls, from 0.</param>
/// <param name="Server">The MCP server the tool belongs to.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments the model gave, as JSON text.</param>
/// <param name="Status">See <see cref="ToolStepStatuses"/>: <c>running</c>, <c>ok</c>, <c>error</c> or <c>timed-out</c>.</param>
/// <param name="Result">What the tool answered (status <c>ok</c>), cut to the server's limit.</param>
/// <param name="Error">Why the call failed or timed out, in words for people.</param>
/// <param name="DurationMs">How long the call took, once it has ended.</param>
public sealed record ToolStep(int Index, string Server, string Tool, string Arguments, string Status, string? Result, string? Error, long? DurationMs);
