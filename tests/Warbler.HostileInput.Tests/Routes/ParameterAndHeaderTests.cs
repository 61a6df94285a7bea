using Warbler.HostileInput.Tests.Inputs;
using Warbler.HostileInput.Tests.Server;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Routes;

/// <summary>
/// Hostile URLs (route and query values) on every route that takes parameters, and header abuse on
/// every API route: a 4xx in the API's own format, or a bare 400/414 when Kestrel refuses the
/// request before any route sees it (a bare 431 only for a header block past Kestrel's limits);
/// never a 5xx; the server stays up.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ParameterAndHeaderTests(HostileServer server, ITestOutputHelper output)
{
    private const int InputsPerRoute = 40;

    [Fact]
    public async Task HostileUrls_ToEveryRouteWithParameters_Get4xxInTheApisFormat()
    {
        var cancellationToken = CancellationToken.None;
        var routes = (await server.RoutesAsync(cancellationToken)).Where(r => r.Parameters.Count > 0 || r.QueryParameters.Count > 0).ToList();
        Assert.Contains(routes, r => r.Name == "GET /api/rooms/{roomId:guid}/messages" && r.QueryParameters.Count > 0);
        await RunAsync(routes, HostileParameters.For, "URLs", cancellationToken);
    }

    [Fact]
    public async Task HeaderAbuse_OnEveryApiRoute_Gets4xxInTheApisFormat()
    {
        var cancellationToken = CancellationToken.None;
        var routes = (await server.RoutesAsync(cancellationToken)).Where(RouteCatalog.IsApi).ToList();
        await RunAsync(routes, batch => HostileHeaders.For(batch, route => route.Bearer), "header sets", cancellationToken);
    }

    private async Task RunAsync(List<HostileRoute> routes, Func<IReadOnlyList<HostileRoute>, CsCheck.Gen<HostileRequest>> genFor, string what, CancellationToken cancellationToken)
    {
        var count = new InputCount();
        using var client = new HostileClient(server, count);
        try
        {
            // Batches of ten routes, with a health check after each.
            foreach (var batch in routes.Chunk(10))
            {
                await HostileRun.SampleAsync(genFor(batch), request => client.AssertAnswerKeepsTheRulesAsync(request, cancellationToken), batch.Length * InputsPerRoute, request => request.ToString());
                await server.AssertHealthyAsync(cancellationToken);
            }

            await server.AssertValidRequestsWorkAsync(cancellationToken);
        }
        finally
        {
            HostileRun.Report(output, what, count, $"{routes.Count} routes");
        }
    }
}
