using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// One gateway in front of one provider, shared by a class's tests of retries and upstream errors.
/// Cool-downs are off, so the failures one test scripts do not make the next test's calls skip the
/// provider (each test fails at most one call, as on a host of its own); the tests of cool-downs
/// start hosts of their own.
/// </summary>
public sealed class RetryHostFixture : SharedHostFixture
{
    protected override Task<GatewayHost> StartHostAsync() =>
        GatewayHost.StartAsync(configure: s => s["Gateway:CoolDown:Duration"] = "00:00:00");
}
