using Warbler.Testing;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>
/// One gateway shared by the provider admin tests that add providers of their own: a configured
/// <c>primary</c> serving only <c>configured-model</c>, so that it takes none of the added providers'
/// models; no retries, and a provider cools down for five minutes after one failure, for the tests of
/// failover and health; link-local provider URLs allowed, for the test of that setting.
/// </summary>
public sealed class StoredProvidersHost : SharedHostFixture
{
    protected override Task<GatewayHost> StartHostAsync() =>
        GatewayHost.StartAsync(["primary"], s =>
        {
            s["Providers:primary:Models:0"] = "configured-model";
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:05:00";
            s["Gateway:AllowLinkLocalProviderUrls"] = "true";
        });
}
