namespace Warbler.Gateway.Providers;

/// <summary>The upstream endpoints Warbler calls.</summary>
public enum UpstreamOperation
{
    ChatCompletions,
    Completions,
    Models,
}
