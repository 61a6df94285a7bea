using Warbler.HostileInput.Tests.Inputs;
using Warbler.HostileInput.Tests.Server;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Routes;

/// <summary>
/// Every route that takes a body gets damaged versions of a valid one: cut short, fields of the wrong
/// type, hostile numbers, deep nesting, huge strings, invalid UTF-8 and NUL, unknown and duplicate
/// fields, empty bodies and other content types. Each answer is a 4xx in the API's own format (or a
/// 2xx where the input is in fact valid), never a 5xx, and the server stays up.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class BodyTests(HostileServer server, ITestOutputHelper output)
{
    private const int InputsPerRoute = 60;

    [Fact]
    public async Task DamagedBodies_ToEveryRouteThatTakesOne_Get4xxInTheApisFormat()
    {
        var cancellationToken = CancellationToken.None;
        var routes = (await server.RoutesAsync(cancellationToken)).Where(r => r.TakesBody).ToList();
        Assert.True(routes.Count >= 25, $"Only {routes.Count} routes take a body: {string.Join(", ", routes)}");
        var count = new InputCount();
        using var client = new HostileClient(server, count);
        try
        {
            // One batch per area, with a health check after each.
            foreach (var batch in routes.GroupBy(Area))
            {
                var batchRoutes = batch.ToList();
                await HostileRun.SampleAsync(HostileBodies.For(batchRoutes), request => client.AssertAnswerKeepsTheRulesAsync(request, cancellationToken),
                    batchRoutes.Count * InputsPerRoute, request => request.ToString());
                await server.AssertHealthyAsync(cancellationToken);
            }

            await server.AssertValidRequestsWorkAsync(cancellationToken);
            Assert.True(count.RoutesNeverPassed.Count == 0, "Every input to these routes was refused at the door (401/403): " + string.Join(", ", count.RoutesNeverPassed));
        }
        finally
        {
            HostileRun.Report(output, "bodies", count, $"{routes.Count} routes");
        }
    }

    /// <summary>The first two segments of the pattern: <c>/v1/chat</c>, <c>/api/rooms</c>, <c>/api/admin</c>…</summary>
    private static string Area(HostileRoute route) => string.Join('/', route.Pattern.Split('/').Take(3));
}
