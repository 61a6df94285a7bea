using System.Buffers;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Relay;

/// <summary>
/// How to read an answer relayed as it is in a dialect other than chat's and the Responses API's
/// (Anthropic Messages): its model and usage, whole or event by event, and its stream's error event.
/// <see cref="SseRelay"/> and <see cref="RelayResult"/> call it instead of <see cref="AnswerFacts"/>,
/// so each event is still read once. One instance per answer: a stream's counts arrive in pieces.
/// </summary>
internal interface IAnswerDialect
{
    /// <summary>The model and usage of a whole answer.</summary>
    AnswerFacts ReadWhole(ReadOnlySpan<byte> json);

    /// <summary>Reads one stream event (the JSON of its <c>data:</c> line), setting the call's answered model and, once final, its usage.</summary>
    void ReadEvent(ReadOnlySpan<byte> json, GatewayCall call);

    /// <summary>Corrects an estimate made for a stream that ended without its final usage with what its events did report.</summary>
    void AmendEstimate(GatewayCall call);

    /// <summary>The dialect's error event, when the upstream broke off or went silent after the stream began.</summary>
    void WriteError(string message, IBufferWriter<byte> output);
}
