namespace Warbler.Contracts.Messages;

/// <summary>The tokens a bot reply used.</summary>
/// <param name="PromptTokens">Tokens of the request: instructions and history.</param>
/// <param name="CompletionTokens">Tokens of the reply.</param>
/// <param name="Estimated">Whether Warbler counted them itself because the provider did not say.</param>
public sealed record MessageUsage(int PromptTokens, int CompletionTokens, bool Estimated);
