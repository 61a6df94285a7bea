namespace Warbler.FakeUpstream;

/// <summary>A request the fake upstream received, as it arrived.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);
