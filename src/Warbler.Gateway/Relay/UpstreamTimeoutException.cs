namespace Warbler.Gateway.Relay;

/// <summary>An upstream did not answer, or went silent, within its configured timeout.</summary>
internal sealed class UpstreamTimeoutException(string message) : Exception(message);
