namespace Warbler.Gateway.InProcess;

/// <summary>A tool call, or a piece of one in a stream (the id and name come first, the arguments in parts), by its <c>index</c>.</summary>
internal readonly record struct ToolCallPiece(int Index, string? Id, string? Name, string? Arguments);
