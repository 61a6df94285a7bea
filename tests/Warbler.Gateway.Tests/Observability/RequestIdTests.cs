using System.Text.RegularExpressions;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>Every answer's <c>x-request-id</c>: its format, and that no two requests share one.</summary>
public sealed partial class RequestIdTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Get_ManyRequests_EachAnswerHasItsOwnRequestId()
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        var ids = new List<string>();

        // More than one batch of the random bytes ids are cut from (32 a thread).
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(new Uri("/v1/models", UriKind.Relative));
            ids.Add(response.Headers.GetValues("x-request-id").Single());
        }

        Assert.All(ids, id => Assert.Matches(RequestIdFormat(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^req_[0-9a-f]{24}$")]
    private static partial Regex RequestIdFormat();
}
