using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Warbler.HostileInput.Tests.Server;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Routes;

/// <summary>
/// What only raw bytes on a socket can send: a Content-Length that disagrees with the body,
/// conflicting framing headers, broken chunks, repeated Authorization lines and header bytes no
/// HTTP client would write. No answer on the connection is a 5xx, and the server stays up.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed partial class WireFramingTests(HostileServer server, ITestOutputHelper output)
{
    private const int Inputs = 200;

    private enum Damage
    {
        LongerContentLength, ShorterContentLength, InvalidContentLength, TwoContentLengths, LengthAndChunked, UnknownTransferEncoding, BrokenChunk,
        RepeatedAuthorization, BadHeaderBytes, HeaderWithoutColon,
    }

    private static readonly string[] InvalidLengths = ["-1", "abc", "1e3", " 12", "99999999999999999999", "0x10", "12, 12", ""];

    [Fact]
    public async Task BrokenFraming_OnEveryRouteThatTakesABody_NeverGetsA5xx()
    {
        var cancellationToken = CancellationToken.None;
        var routes = (await server.RoutesAsync(cancellationToken)).Where(r => r.TakesBody).ToList();
        var count = new InputCount();
        var gen = Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, Enum.GetValues<Damage>().Length - 1], Gen.Int[0, int.MaxValue],
            (route, damage, what) => (Route: routes[route], Damage: (Damage)damage, What: what));
        try
        {
            await HostileRun.SampleAsync(gen, async c =>
            {
                var request = Build(c.Route, c.Damage, c.What);
                var answer = await SendAsync(request, cancellationToken);
                var statuses = StatusLine().Matches(answer).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                count.Add(statuses.Any(status => status >= 500));
                Assert.True(statuses.All(status => status < 500), $"{c.Route.Name} [{c.Damage}] answered with a server error.\nInput: {Answer.Shorten(request, 400)}\nAnswer: {Answer.Shorten(answer, 800)}");
            }, Inputs, c => $"{c.Route.Name} [{c.Damage}, {c.What}]: {Answer.Shorten(Build(c.Route, c.Damage, c.What), 400)}");

            await server.AssertValidRequestsWorkAsync(cancellationToken);
        }
        finally
        {
            HostileRun.Report(output, "framings", count, $"{routes.Count} routes");
        }
    }

    private string Build(HostileRoute route, Damage damage, int what)
    {
        var body = string.IsNullOrEmpty(route.ValidBody) ? "{}" : route.ValidBody;
        var length = Encoding.UTF8.GetByteCount(body);
        var head = $"{route.Method} {route.Path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            + (route.Bearer is { } bearer && damage != Damage.RepeatedAuthorization ? $"Authorization: Bearer {bearer}\r\n" : "");
        return damage switch
        {
            Damage.LongerContentLength => $"{head}Content-Length: {length + 1 + (what % 1000)}\r\n\r\n{body}",
            Damage.ShorterContentLength => $"{head}Content-Length: {what % length}\r\n\r\n{body}",
            Damage.InvalidContentLength => $"{head}Content-Length: {InvalidLengths[what % InvalidLengths.Length]}\r\n\r\n{body}",
            Damage.TwoContentLengths => $"{head}Content-Length: {length}\r\nContent-Length: {what % length}\r\n\r\n{body}",
            Damage.LengthAndChunked => $"{head}Content-Length: {length}\r\nTransfer-Encoding: chunked\r\n\r\n{length:x}\r\n{body}\r\n0\r\n\r\n",
            Damage.UnknownTransferEncoding => $"{head}Transfer-Encoding: {(what % 2 == 0 ? "gzip" : "chunked, gzip")}\r\n\r\n{body}",
            Damage.BrokenChunk => $"{head}Transfer-Encoding: chunked\r\n\r\n{(what % 3 == 0 ? "zz" : (length + 10 + what % 100).ToString("x", System.Globalization.CultureInfo.InvariantCulture))}\r\n{body}\r\n0\r\n\r\n",
            Damage.RepeatedAuthorization => $"{head}Authorization: Bearer {route.Bearer ?? "none"}\r\nAuthorization: Bearer {(what % 2 == 0 ? "wrong" : route.Bearer ?? "none")}\r\nContent-Length: {length}\r\n\r\n{body}",
            Damage.BadHeaderBytes => $"{head}X-Bad: a{(char)(what % 2 == 0 ? 0x00 : 0x7f)}b\u00ff\r\nContent-Length: {length}\r\n\r\n{body}",
            Damage.HeaderWithoutColon => $"{head}{(what % 2 == 0 ? "NoColonHere" : " folded: line")}\r\nContent-Length: {length}\r\n\r\n{body}",
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }

    /// <summary>Writes the request, ends the sending side (so a body promised but not sent ends), and reads whatever comes back.</summary>
    private async Task<string> SendAsync(string request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cancellationToken);
        tcp.Client.Shutdown(SocketShutdown.Send);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, deadline.Token);
        }
        catch (IOException)
        {
            // The server may reset the connection after answering.
        }

        return Encoding.Latin1.GetString(answer.ToArray());
    }

    [GeneratedRegex(@"HTTP/1\.[01] (\d{3}) ")]
    private static partial Regex StatusLine();
}
