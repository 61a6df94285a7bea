namespace Warbler.HostileInput.Tests.Routes;

/// <summary>
/// One mapped route, ready to be called so that input reaches its parser: its path with real ids
/// filled in, the credential it needs, its query parameters and a valid body to start from.
/// </summary>
public sealed record HostileRoute(
    string Method,
    string Pattern,
    string Path,
    string? Bearer,
    ErrorFormat Format,
    IReadOnlyList<string> QueryParameters,
    IReadOnlyList<RouteSegment> Parameters,
    string? ValidBody)
{
    /// <summary>Set when the route is called a second way, with another valid body that takes another path through the server.</summary>
    public string? Variant { get; init; }

    public string Name => Variant is null ? $"{Method} {Pattern}" : $"{Method} {Pattern} ({Variant})";

    public bool TakesBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>
    /// <see cref="Path"/> with every id replaced by one that names nothing, for a DELETE whose real
    /// ids would remove what the other routes need.
    /// </summary>
    public string PathNamingNothing
    {
        get
        {
            var segments = Path.Split('/');
            foreach (var parameter in Parameters)
            {
                var real = segments[parameter.SegmentIndex + 1];
                segments[parameter.SegmentIndex + 1] = Guid.TryParse(real, out _) ? "00000000-0000-0000-0000-000000000001" : long.TryParse(real, out _) ? "999999999" : "no-such-thing";
            }

            return string.Join('/', segments);
        }
    }

    public override string ToString() => Name;
}

/// <summary>A route parameter: its name and where its value sits in <see cref="HostileRoute.Path"/>'s segments.</summary>
public sealed record RouteSegment(string Name, int SegmentIndex);
