using Warbler.Testing;

namespace Warbler.Gateway.Tests;

/// <summary>
/// One Warbler in demo mode (no provider configured) shared by a class's tests; each makes its own
/// key and reads back only that key's usage records.
/// </summary>
public sealed class DemoHostFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(providers: []);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
