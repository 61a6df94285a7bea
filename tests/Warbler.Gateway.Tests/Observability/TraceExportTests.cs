using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>With a collector named by OpenTelemetry's standard variables, relay traces are exported over OTLP.</summary>
public sealed class TraceExportTests
{
    [Fact]
    public async Task ChatCompletion_WithOtlpEndpointConfigured_ExportsTheRelaySpan()
    {
        await using var collector = await FakeCollector.StartAsync();
        const string adminKey = "wk-trace-admin-key-0123456789";
        var folder = Directory.CreateTempSubdirectory("warbler-traces-").FullName;
        await using var server = ServerProcess.Start(folder, new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = adminKey,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
        });
        await server.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = "trace me" } } });
        response.EnsureSuccessStatusCode();

        // OTLP is protobuf, whose strings are plain UTF-8: the span and service names can be found as they are.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!collector.Received("relay", "Warbler.Gateway", "warbler") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(collector.Received("relay", "Warbler.Gateway", "warbler"), $"the collector received {collector.Batches.Count} export(s) without the relay span");
        Assert.All(collector.Paths, path => Assert.Equal("/v1/traces", path));
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Accepts OTLP/HTTP exports on a loopback port and keeps their bodies.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app) => _app = app;

        public string Address { get; private set; } = "";

        public ConcurrentQueue<byte[]> Batches { get; } = new();

        public ConcurrentQueue<string> Paths { get; } = new();

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector.Paths.Enqueue(context.Request.Path);
                collector.Batches.Enqueue(body.ToArray());
                context.Response.StatusCode = StatusCodes.Status200OK;
            });
            await app.StartAsync();
            collector.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public bool Received(params string[] texts) =>
            Batches.Any(batch => texts.All(text => batch.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0));

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
