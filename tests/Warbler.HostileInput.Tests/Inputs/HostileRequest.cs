using System.Text;
using Warbler.HostileInput.Tests.Routes;
using Warbler.Server.Hosting;

namespace Warbler.HostileInput.Tests.Inputs;

/// <summary>
/// One generated request: the route it aims at, what was done to it (for the failure message) and
/// the bytes and headers that go on the wire.
/// </summary>
public sealed record HostileRequest(HostileRoute Route, string What, string PathAndQuery, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    private const int ShownInputLength = 300;

    /// <summary>Whether the credential of <see cref="Route"/> is replaced by <see cref="Headers"/>.</summary>
    public bool OwnAuthorization => Headers.Any(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether Kestrel may refuse the header block before Warbler sees it (431 with no body): more
    /// headers than its 100, or more bytes than its limit (<see cref="HeaderLimits.MaxRequestHeadersTotalSize"/>),
    /// counting what the client adds (<c>Host</c>, the route's credential, content headers) with a margin.
    /// </summary>
    public bool HeadersPastKestrelLimits
    {
        get
        {
            const int kestrelMaxHeaderCount = 100;
            const int clientHeaders = 8;
            const int clientHeaderBytes = 1024;
            var bytes = Headers.Sum(h => h.Name.Length + h.Value.Length + 4) + clientHeaderBytes
                + (OwnAuthorization || Route.Bearer is null ? 0 : Route.Bearer.Length + 24);
            return Headers.Count + clientHeaders > kestrelMaxHeaderCount || bytes > HeaderLimits.MaxRequestHeadersTotalSize;
        }
    }

    /// <summary>
    /// The format errors must come in: the API's own, unless the request's <c>Accept</c> refuses JSON
    /// (then the server may answer in plain text).
    /// </summary>
    public ErrorFormat ExpectedFormat =>
        Headers.Any(h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase) && !h.Value.Contains("json", StringComparison.OrdinalIgnoreCase) && !h.Value.Contains("*/*", StringComparison.Ordinal))
            ? ErrorFormat.Any
            : Route.Format;

    public static HostileRequest WithBody(HostileRoute route, string what, byte[] body, string? contentType = "application/json") =>
        new(route, what, route.Path, body, contentType, []);

    public override string ToString()
    {
        var body = Body is null ? "" : $" body ({Body.Length:N0} bytes): {Shown(Body)}";
        var headers = Headers.Count == 0 ? "" : " headers: " + string.Join("; ", Headers.Select(h => $"{h.Name}: {Shorten(h.Value)}"));
        return $"{Route.Method} {Shorten(PathAndQuery)} [{What}]{(ContentType is null ? "" : $" as {ContentType}")}{headers}{body}";
    }

    private static string Shorten(string text) => Server.Answer.Shorten(text, ShownInputLength);

    /// <summary>The body as text, with bytes that are not printable UTF-8 shown as <c>\xNN</c>.</summary>
    private static string Shown(byte[] body)
    {
        var shown = new StringBuilder();
        foreach (var b in body.AsSpan(0, Math.Min(body.Length, ShownInputLength)))
        {
            shown.Append(b is >= 0x20 and < 0x7f ? (char)b : $"\\x{b:x2}");
        }

        return body.Length > ShownInputLength ? shown.Append('…').ToString() : shown.ToString();
    }
}
