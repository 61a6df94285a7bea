using Warbler.Testing;

namespace Warbler.Gateway.Tests;

/// <summary>
/// One gateway shared by the tests of a class, for tests that need no setting of their own and make
/// their own keys; each takes it with <see cref="Fresh"/>, which clears what earlier tests left on the fake upstream.
/// </summary>
public sealed class GatewayHostFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public GatewayHost Fresh()
    {
        Host.Upstream.Reset();
        return Host;
    }
}
