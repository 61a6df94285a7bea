using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>
/// One Warbler on a <see cref="FakeTimeProvider"/>, shared by the tests of a class. The clock only moves
/// forward: a test measures time from what it did itself (its message, its token), never from the start.
/// </summary>
public sealed class ClockedHostFixture : SharedHostFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override Task<GatewayHost> StartHostAsync() =>
        GatewayHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(Clock));
}
