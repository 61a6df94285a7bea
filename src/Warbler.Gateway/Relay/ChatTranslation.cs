namespace Warbler.Gateway.Relay;

/// <summary>
/// A request of another dialect rewritten for <c>/chat/completions</c>: the chat body (asking for
/// the usage chunk when streamed), and what turns the chat answer back, whole and streamed.
/// </summary>
internal sealed record ChatTranslation(ReadOnlyMemory<byte> Body, IResponseTransform Whole, IStreamTranslator Stream);
