using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Relay;

/// <summary>One request to relay: where to, for which model, and the exact bytes to send.</summary>
public sealed record UpstreamCall(UpstreamOperation Operation, string Model, ReadOnlyMemory<byte> Body, IReadOnlyList<Provider> Providers);

/// <summary>The upstream's answer, headers read and body not yet; the caller disposes it.</summary>
public sealed record UpstreamAnswer(Provider Provider, HttpResponseMessage Response) : IDisposable
{
    public void Dispose() => Response.Dispose();
}
