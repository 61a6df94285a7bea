using Warbler.Testing;

namespace Warbler.Client.Tests;

/// <summary>One Warbler on a loopback port shared by the tests of a class, which each make their own users and rooms.</summary>
public sealed class ClientHostFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(kestrel: true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
