using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>One Warbler shared by the tests of a class, for tests that each make their own users and bots.</summary>
public sealed class ChatHostFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The host, its fake upstream as new (nothing recorded or queued by an earlier test), for a test that scripts the upstream.</summary>
    public GatewayHost Fresh()
    {
        Host.Upstream.Reset();
        return Host;
    }
}
