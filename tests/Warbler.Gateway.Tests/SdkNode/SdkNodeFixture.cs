using Warbler.Testing;

namespace Warbler.Gateway.Tests.SdkNode;

/// <summary>
/// Warbler on a free loopback port (Kestrel: the Node.js tests are another process), its fake
/// upstream on another, two keys, and the SDKs' packages installed.
/// </summary>
public sealed class SdkNodeFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public string Key { get; private set; } = "";

    public string OtherKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (NodeJs.SkipReason is not null)
        {
            return;
        }

        Host = await GatewayHost.StartAsync(kestrel: true);
        Key = await Host.CreateKeyAsync("node sdk tests");
        OtherKey = await Host.CreateKeyAsync("node sdk tests, another key");
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
