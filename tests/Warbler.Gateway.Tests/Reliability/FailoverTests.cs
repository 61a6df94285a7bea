using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// A provider that keeps failing hands the call to the next one; when none can answer the
/// client gets a gateway error (never a 500, never a hang) that says what each provider did.
/// </summary>
public sealed class FailoverTests(FailoverHostFixture shared) : IClassFixture<FailoverHostFixture>
{
    [Fact]
    public async Task Post_FirstProviderKeepsFailingWith503_SecondProviderAnswers()
    {
        var host = shared.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.Single(host.Upstreams["beta"].Requests);
    }

    [Fact]
    public async Task Post_FirstProviderRefusesConnections_SecondProviderAnswers()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s => s["Providers:alpha:BaseUrl"] = Calls.ClosedPortBaseUrl());
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Single(host.Upstreams["beta"].Requests);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Post_EveryProviderFailsWith503_Returns503NamingEachProvider()
    {
        var host = shared.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Fail(503);
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        AssertNamesEachProvider(answer);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.Equal(3, host.Upstreams["beta"].Requests.Count);
    }

    [Fact]
    public async Task Post_EveryProviderRefusesConnections_Returns502NamingEachProvider()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s =>
        {
            s["Providers:alpha:BaseUrl"] = Calls.ClosedPortBaseUrl();
            s["Providers:beta:BaseUrl"] = Calls.ClosedPortBaseUrl();
        });
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        AssertNamesEachProvider(answer);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Post_EveryProviderFailsDifferently_ReturnsGatewayErrorNamingEachProvider()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s => s["Providers:alpha:BaseUrl"] = Calls.ClosedPortBaseUrl());
        host.Upstreams["beta"].Default = UpstreamScript.Fail(500);
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        AssertNamesEachProvider(answer);
    }

    [Fact]
    public async Task Stream_EveryProviderFails_ReturnsJsonGatewayErrorInsteadOfStream()
    {
        var host = shared.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(502);
        host.Upstreams["beta"].Default = UpstreamScript.Fail(504);
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Contains((int)answer.Status, (int[])[502, 503, 504]);
        AssertNamesEachProvider(answer);
    }

    private static void AssertNamesEachProvider(Calls.Answer answer)
    {
        Assert.NotEqual(HttpStatusCode.InternalServerError, answer.Status);
        var error = answer.Error();
        Assert.Equal("api_error", error.Type);
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("beta", error.Message, StringComparison.Ordinal);
    }
}
