using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>A provider that fails call after call is left alone for a while, then tried again.</summary>
public sealed class CoolDownTests
{
    private static TimeSpan CoolDown => TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Post_ProviderFailsThresholdCalls_IsSkippedForCoolDownThenUsedAgain()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s =>
        {
            s["Gateway:CoolDown:FailureThreshold"] = "2";
            s["Gateway:CoolDown:Duration"] = "00:00:01";
        });
        var alpha = host.Upstreams["alpha"];
        alpha.Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        // Two failed calls (three attempts each) start the cool-down; beta answers both.
        for (var call = 0; call < 2; call++)
        {
            var failedOver = await Calls.ChatAsync(client);
            Assert.Equal("beta answers", Calls.MessageContent(failedOver.Body));
        }

        Assert.Equal(6, alpha.Requests.Count);
        var lastFailure = alpha.Requests[^1].ReceivedAt;

        // Cooling down: straight to beta, nothing reaches alpha.
        var skipped = await Calls.ChatAsync(client);
        Assert.Equal("beta answers", Calls.MessageContent(skipped.Body));
        Assert.Equal(6, alpha.Requests.Count);

        // Once the cool-down is over alpha is asked again, and now it answers.
        alpha.Default = UpstreamScript.Answer("alpha is back");
        await Calls.PollUntilAsync(client, body => Calls.MessageContent(body) == "alpha is back");
        Assert.Equal(7, alpha.Requests.Count);
        var comeback = alpha.Requests[^1].ReceivedAt - lastFailure;
        Assert.True(comeback >= CoolDown - TimeSpan.FromMilliseconds(50), $"alpha was asked again {comeback} after its last failure");
    }

    [Fact]
    public async Task Post_SuccessBetweenFailures_ResetsTheFailureCount()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s =>
        {
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "2";
            s["Gateway:CoolDown:Duration"] = "00:01:00";
        });
        var alpha = host.Upstreams["alpha"];
        alpha.Enqueue(UpstreamScript.Fail(503), UpstreamScript.Answer("alpha answers"), UpstreamScript.Fail(503));
        using var client = await Calls.CreateClientAsync(host);

        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Calls.ChatAsync(client)).Status);
        }

        var fourth = await Calls.ChatAsync(client);

        Assert.Equal("Hello from the fake upstream.", Calls.MessageContent(fourth.Body));
        Assert.Equal(4, alpha.Requests.Count);
        Assert.Equal(2, host.Upstreams["beta"].Requests.Count);
    }

    [Fact]
    public async Task Post_OnlyProviderCoolingDown_Returns503WithRetryAfterWithoutCallingIt()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:00:01";
        });
        host.Upstream.Default = UpstreamScript.Fail(503, "overloaded");
        using var client = await Calls.CreateClientAsync(host);

        var failed = await Calls.ChatAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal(3, host.Upstream.Requests.Count);

        var coolingDown = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, coolingDown.Status);
        var error = coolingDown.Error();
        Assert.Contains("cooling down", error.Message, StringComparison.Ordinal);
        Assert.Contains("primary", error.Message, StringComparison.Ordinal);
        Assert.InRange(coolingDown.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), CoolDown);
        Assert.Equal(3, host.Upstream.Requests.Count);

        host.Upstream.Default = UpstreamScript.Answer("back again");
        await Calls.PollUntilAsync(client, body => Calls.MessageContent(body) == "back again");
        Assert.Equal(4, host.Upstream.Requests.Count);
    }
}
