namespace Warbler.Gateway.Configuration;

/// <summary>Where the OpenAI-compatible API is mapped; read by the parts that act only on it.</summary>
internal static class GatewayPaths
{
    public const string Prefix = "/v1";
}
