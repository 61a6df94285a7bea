using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>One Warbler with no provider (the offline demo answers), shared by the tests of a class that change none of its bots or providers.</summary>
public sealed class DemoHostFixture : SharedHostFixture
{
    protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(providers: []);
}
