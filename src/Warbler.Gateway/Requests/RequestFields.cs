namespace Warbler.Gateway.Requests;

/// <summary>
/// The few fields of a request body that the gateway acts on; the rest is relayed unread.
/// <see cref="HasStreamOptions"/> is true when the body names <c>stream_options</c> at all, even as null.
/// </summary>
internal sealed record RequestFields(
    string? Model,
    bool Stream,
    bool IncludeUsage,
    bool HasStreamOptions,
    int? MaxTokens,
    bool HasMessages,
    bool HasPrompt);
