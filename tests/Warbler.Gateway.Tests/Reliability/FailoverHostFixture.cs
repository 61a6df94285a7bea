using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// One gateway in front of two providers, <c>alpha</c> then <c>beta</c>, shared by a class's tests of
/// retries and failover. Cool-downs are off, so the failures one test scripts do not make the next
/// test's calls skip a provider; the tests of cool-downs start hosts of their own.
/// </summary>
public sealed class FailoverHostFixture : SharedHostFixture
{
    protected override Task<GatewayHost> StartHostAsync() =>
        GatewayHost.StartAsync(["alpha", "beta"], s => s["Gateway:CoolDown:Duration"] = "00:00:00");
}
