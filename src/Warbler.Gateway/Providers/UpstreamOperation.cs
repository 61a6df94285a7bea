namespace Warbler.Gateway.Providers;

/// <summary>The upstream endpoints Warbler calls.</summary>
internal enum UpstreamOperation
{
    ChatCompletions,
    Completions,
    Models,
    Responses,
}
