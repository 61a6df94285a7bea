namespace Warbler.Contracts.Messages;

/// <summary>An earlier text of an edited message or a regenerated reply.</summary>
/// <param name="Version">Which version it was.</param>
/// <param name="Text">Its text then.</param>
/// <param name="Model">The model that wrote it, for a bot reply.</param>
/// <param name="CreatedAt">When that version was written.</param>
public sealed record MessageVersion(int Version, string Text, string? Model, DateTimeOffset CreatedAt);
