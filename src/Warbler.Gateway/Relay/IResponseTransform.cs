using System.Buffers;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Reshapes an upstream's successful answer for endpoints whose shape differs from the upstream's
/// (legacy completions served by a chat model). Plain relays have none.
/// </summary>
internal interface IResponseTransform
{
    /// <summary>Rewrites a whole JSON answer.</summary>
    byte[] TransformBody(ReadOnlySpan<byte> json);

    /// <summary>Rewrites a whole JSON answer given its usage, the upstream's or Warbler's estimate when it reported none.</summary>
    byte[] TransformBody(ReadOnlySpan<byte> json, TokenUsage? usage) => TransformBody(json);

    /// <summary>Rewrites the JSON of one stream event's <c>data:</c> line into <paramref name="output"/>.</summary>
    void TransformChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output);
}
