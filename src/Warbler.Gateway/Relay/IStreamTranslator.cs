using System.Buffers;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Rewrites an upstream chat stream into another dialect's events (Responses, Anthropic Messages),
/// one instance per stream since dialects keep state (item ids, what is open, sequence numbers).
/// <see cref="SseRelay"/> stays the one reader of the upstream: it calls these as it reads and
/// writes what they produce straight out, flushing after every read, so nothing is buffered.
/// Each method writes whole events, <c>event:</c>/<c>data:</c> lines and their blank line included.
/// The upstream's blank lines, comments and <c>[DONE]</c> are not passed on; its usage-only chunk
/// is read for accounting and reaches the translator only through <see cref="WriteEnd"/>.
/// Unlike <see cref="IResponseTransform"/>, which rewrites one chunk into one chunk.
/// </summary>
internal interface IStreamTranslator
{
    /// <summary>Events that open the stream, written before the upstream's first chunk is relayed.</summary>
    void WriteStart(IBufferWriter<byte> output);

    /// <summary>Zero or more events for one upstream chunk (the JSON of its <c>data:</c> line).</summary>
    void WriteChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output);

    /// <summary>Closing events once the upstream has ended, with the usage it reported or Warbler estimated.</summary>
    void WriteEnd(TokenUsage? usage, IBufferWriter<byte> output);

    /// <summary>The dialect's error event, when the upstream broke off or went silent after the stream began.</summary>
    void WriteError(string message, IBufferWriter<byte> output);
}
