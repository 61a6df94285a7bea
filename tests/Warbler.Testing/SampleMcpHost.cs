using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using Warbler.SampleMcp;

namespace Warbler.Testing;

/// <summary>
/// The sample MCP server, in-process on a free loopback port, with a bearer token it requires, plus a
/// tool that never answers (for time-outs). It records the <c>Authorization</c> headers it was sent.
/// </summary>
public sealed class SampleMcpHost : IAsyncDisposable
{
    public const string BearerToken = "sample-mcp-token-7f3a";

    private readonly WebApplication _app;

    private SampleMcpHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The MCP endpoint.</summary>
    public string Url { get; }

    /// <summary>Every <c>Authorization</c> header the server received (empty when a request had none).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Starts the server; with <paramref name="requireToken"/> false it answers calls without <see cref="BearerToken"/> too.</summary>
    public static async Task<SampleMcpHost> StartAsync(bool requireToken = true)
    {
        string[] token = requireToken ? ["--SampleMcp:BearerToken", BearerToken] : [];
        var app = SampleMcpServer.Build(
            ["--urls", "http://127.0.0.1:0", .. token, "--Logging:LogLevel:Default", "Warning"],
            tools => tools.WithTools([typeof(HangingTool)]));
        SampleMcpHost? host = null;
        app.Use(async (context, next) =>
        {
            host?.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            await next(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new SampleMcpHost(app, address.TrimEnd('/') + SampleMcpServer.Path);
        return host;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A tool that answers only when the call is given up.</summary>
    [McpServerToolType]
    public static class HangingTool
    {
        [McpServerTool(Name = "wait_forever"), Description("Never answers.")]
        public static async Task<string> WaitForever(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "unreachable";
        }
    }
}
