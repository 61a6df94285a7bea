using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>How a test's <c>/v1/responses</c> request reaches its upstream.</summary>
public enum ResponsesRoute
{
    /// <summary>The upstream has only chat completions: Warbler translates.</summary>
    Translated,

    /// <summary>The upstream has the Responses API (<c>Responses: Relay</c>): Warbler relays.</summary>
    Relayed,
}

/// <summary>Two gateways shared by a class's tests: one in front of a chat-only upstream, one in front of an upstream with the Responses API.</summary>
public sealed class ResponsesHosts : IAsyncLifetime
{
    private GatewayHost _translating = null!;
    private GatewayHost _relaying = null!;

    public async Task InitializeAsync()
    {
        _translating = await GatewayHost.StartAsync();
        _relaying = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Responses"] = "Relay");
    }

    public async Task DisposeAsync()
    {
        await _translating.DisposeAsync();
        await _relaying.DisposeAsync();
    }

    /// <summary>The host for <paramref name="route"/>, its fake upstream as new; the chat-only one answers 404 on <c>/v1/responses</c>.</summary>
    public GatewayHost Fresh(ResponsesRoute route)
    {
        var host = route == ResponsesRoute.Translated ? _translating : _relaying;
        host.Upstream.Reset();
        host.Upstream.SupportsResponses = route == ResponsesRoute.Relayed;
        return host;
    }
}
