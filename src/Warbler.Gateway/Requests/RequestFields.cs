namespace Warbler.Gateway.Requests;

/// <summary>The few fields of a request body that the gateway acts on; the rest is relayed unread.</summary>
public sealed record RequestFields(
    string? Model,
    bool Stream,
    bool IncludeUsage,
    int? MaxTokens,
    bool HasMessages,
    bool HasPrompt);
