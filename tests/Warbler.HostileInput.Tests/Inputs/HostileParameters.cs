using CsCheck;
using Warbler.HostileInput.Tests.Routes;

namespace Warbler.HostileInput.Tests.Inputs;

/// <summary>
/// Hostile route and query values, written into the URL as they are (bad percent-encoding stays
/// bad): invalid ids, numbers past every limit, encoded NUL, overlong UTF-8, path tricks, and
/// URLs and query strings long enough to pass Kestrel's limits.
/// </summary>
public static class HostileParameters
{
    public static readonly string[] Values =
    [
        "", "%", "%zz", "%0", "%00", "a%00b", "%C0%AF", "%FF%FE", "%ED%A0%80", "%E2%80%AE", "%u0041", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "x%2Fy", "x;y", "%3B", "%0D%0ASet-Cookie:%20x=1",
        "-1", "0", "-0", "1.5", "1e309", "NaN", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "01a213eb-a0bd-7262-aa3a-5008b7a441c", "{01a213eb-a0bd-7262-aa3a-5008b7a441c0}", "not%20a%20guid",
        "null", "true", "%F0%9F%99%82", "%EF%BF%BF", "%22%3E%3Cscript%3E", "'%20OR%201=1--", "*", "~", "%20", "+", "a+b", "%2B",
    ];

    /// <summary>Long values: within Kestrel's request-line limit (8 KB), near it, and past it.</summary>
    private static readonly int[] LongLengths = [1_000, 7_000, 9_000, 100_000];

    private enum Damage { PathValue, QueryValue, QueryRepeated, UnknownQuery, LongPathValue, LongQuery, ManyQueryParameters }

    public static Gen<HostileRequest> For(IReadOnlyList<HostileRoute> routes) =>
        Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, Enum.GetValues<Damage>().Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue],
            (route, damage, where, what) => Build(routes[route], (Damage)damage, where, what));

    private static HostileRequest Build(HostileRoute route, Damage damage, int where, int what)
    {
        // Routes with no parameter of the kind asked for get the other kind. A DELETE with the real
        // ids left in would remove what the other routes need, so its ids are always the hostile part.
        if (damage is Damage.PathValue or Damage.LongPathValue && route.Parameters.Count == 0)
        {
            damage = Damage.QueryValue;
        }
        else if (route.Method == "DELETE" && route.Parameters.Count > 0 && damage is not (Damage.PathValue or Damage.LongPathValue))
        {
            damage = where % 2 == 0 ? Damage.PathValue : Damage.LongPathValue;
        }

        var value = Values[what % Values.Length];
        var longValue = new string('a', LongLengths[what % LongLengths.Length]);
        var query = route.QueryParameters.Count == 0 ? "q" : route.QueryParameters[where % route.QueryParameters.Count];
        return damage switch
        {
            Damage.PathValue => InPath(route, where, value),
            Damage.LongPathValue => InPath(route, where, longValue),
            Damage.QueryValue => InQuery(route, $"{query} = {value}", $"{query}={value}"),
            Damage.QueryRepeated => InQuery(route, $"{query} twice", $"{query}={Values[where % Values.Length]}&{query}={value}"),
            Damage.UnknownQuery => InQuery(route, $"unknown parameter = {value}", $"unexpected{what % 10}={value}&{value}"),
            Damage.LongQuery => InQuery(route, $"{query} of {longValue.Length:N0} characters", $"{query}={longValue}"),
            Damage.ManyQueryParameters => InQuery(route, $"{500 + (what % 3000):N0} query parameters", string.Join("&", Enumerable.Range(0, 500 + (what % 3000)).Select(i => $"{query}={i}"))),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }

    private static HostileRequest InPath(HostileRoute route, int where, string value)
    {
        var parameter = route.Parameters[where % route.Parameters.Count];
        var segments = route.Path.Split('/');
        segments[parameter.SegmentIndex + 1] = value;
        return Request(route, $"{{{parameter.Name}}} = {Server.Answer.Shorten(value, 60)}", string.Join('/', segments));
    }

    private static HostileRequest InQuery(HostileRoute route, string what, string query) =>
        Request(route, what, $"{route.Path}?{query}");

    /// <summary>A request with the route's valid body (if it takes one), so only the URL is hostile.</summary>
    private static HostileRequest Request(HostileRoute route, string what, string pathAndQuery) =>
        new(route, what, pathAndQuery, route.TakesBody ? System.Text.Encoding.UTF8.GetBytes(string.IsNullOrEmpty(route.ValidBody) ? "{}" : route.ValidBody) : null, route.TakesBody ? "application/json" : null, []);
}
