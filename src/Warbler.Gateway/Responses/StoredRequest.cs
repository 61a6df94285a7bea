namespace Warbler.Gateway.Responses;

/// <summary>What a stored response keeps of the request that made it: its owner, and its input and instructions as sent.</summary>
internal sealed record StoredRequest(Guid KeyId, string Model, string? PreviousResponseId, string InputJson, string? InstructionsJson);
