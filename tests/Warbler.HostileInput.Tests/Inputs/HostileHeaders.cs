using CsCheck;
using Warbler.HostileInput.Tests.Routes;

namespace Warbler.HostileInput.Tests.Inputs;

/// <summary>
/// Header abuse on a request that is otherwise valid: huge, duplicated and malformed
/// <c>Authorization</c>, header blocks within and past Kestrel's limits, and odd content and request headers.
/// </summary>
public static class HostileHeaders
{
    private enum Damage { MalformedBearer, HugeBearer, DuplicateAuthorization, ManyHeaders, HugeHeader, OddHeader }

    /// <summary>Within Kestrel's header limit (96 KiB), where Warbler answers, and past it (200,000), where Kestrel does.</summary>
    private static readonly int[] HugeLengths = [4_000, 16_000, 31_000, 40_000, 60_000, 90_000, 200_000];

    private static readonly string[] OddHeaders =
    [
        "Content-Type: text/plain", "Content-Type: ;;;", "Content-Type: application/json; charset=\"", "Accept: application/xml", "Accept: */*;q=nonsense", "Accept-Encoding: gzip;q=2, br;q=-1",
        "X-Request-Id: " + new string('r', 2_000), "X-Request-Id: \u0001\u0002", "X-Request-Id: <script>", "Origin: null", "Origin: http://evil.example", "Cookie: .AspNetCore.Identity.Application=garbage",
        "Cookie: " + string.Join("; ", Enumerable.Range(0, 300).Select(i => $"c{i}=v")), "Expect: 100-continue", "Expect: nonsense", "Range: bytes=0-1", "If-None-Match: *", "Transfer-Encoding: identity",
        "Connection: nonsense", "Upgrade: websocket", "X-HTTP-Method-Override: DELETE", "X-Forwarded-For: 999.999.999.999", "X-Forwarded-Proto: gopher", "Accept-Language: ;;;", "Content-Encoding: gzip",
    ];

    public static Gen<HostileRequest> For(IReadOnlyList<HostileRoute> routes, Func<HostileRoute, string?> validBearer) =>
        Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, Enum.GetValues<Damage>().Length - 1], Gen.Int[0, int.MaxValue],
            (route, damage, what) => Build(routes[route], (Damage)damage, what, validBearer(routes[route]) ?? "none"));

    private static HostileRequest Build(HostileRoute route, Damage damage, int what, string valid)
    {
        var huge = HugeLengths[what % HugeLengths.Length];
        return damage switch
        {
            Damage.MalformedBearer => With(route, "malformed bearer", ("Authorization", MalformedBearers(valid)[what % MalformedBearers(valid).Length])),
            Damage.HugeBearer => With(route, $"bearer of {huge:N0} characters", ("Authorization", "Bearer " + new string('k', huge))),
            Damage.DuplicateAuthorization => what % 2 == 0
                ? With(route, "two Authorization headers, the bad one first", ("Authorization", "Bearer wrong"), ("Authorization", "Bearer " + valid))
                : With(route, "two Authorization headers, the good one first", ("Authorization", "Bearer " + valid), ("Authorization", "Basic " + new string('b', what % 100))),
            Damage.ManyHeaders => With(route, $"{50 + (what % 300)} extra headers", [.. Enumerable.Range(0, 50 + (what % 300)).Select(i => ($"X-Extra-{i}", new string('h', 100)))]),
            Damage.HugeHeader => With(route, $"a header of {huge:N0} characters", ("X-Huge", new string('h', huge))),
            Damage.OddHeader => Odd(route, OddHeaders[what % OddHeaders.Length]),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }

    private static string[] MalformedBearers(string valid) =>
    [
        "Bearer", "Bearer ", "Bearer  " + valid, "bearer " + valid, "BEARER " + valid, "Bearer " + valid + " extra", "Bearer " + valid[..^1], "Bearer " + valid + "x", "Basic dXNlcjpwYXNz",
        "Digest username=x", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer %00", "Bearer \t" + valid, "Bearer ,", "Bearer " + valid + ", Bearer " + valid, ",,,", "=", "Bearer wk-", "Bearer CfDJ8",
    ];

    private static HostileRequest Odd(HostileRoute route, string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return With(route, "odd header", (header[..colon], header[(colon + 1)..].TrimStart()));
    }

    private static HostileRequest With(HostileRoute route, string what, params (string Name, string Value)[] headers) =>
        new(route, what, route.Method == "DELETE" ? route.PathNamingNothing : route.Path, route.TakesBody ? System.Text.Encoding.UTF8.GetBytes(string.IsNullOrEmpty(route.ValidBody) ? "{}" : route.ValidBody) : null, route.TakesBody ? "application/json" : null, headers);
}
