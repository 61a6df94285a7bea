namespace Warbler.Testing;

/// <summary>
/// One Warbler shared by the tests of a class, for tests that need no setting of their own and make
/// their own keys, users and rooms; each takes it with <see cref="Fresh"/>. A class whose tests all
/// need the same settings derives a fixture that overrides <see cref="StartHostAsync"/>.
/// </summary>
public class SharedHostFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await StartHostAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The host, its fake upstreams as new (nothing recorded or queued by an earlier test), for a test that scripts the upstream.</summary>
    public GatewayHost Fresh()
    {
        foreach (var upstream in Host.Upstreams.Values)
        {
            upstream.Reset();
        }

        return Host;
    }

    protected virtual Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync();
}
