using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Warbler.Chat.Tests.Spending;

/// <summary>An operator's webhook endpoint on a loopback port: it answers 500 to the first <c>failures</c> posts, then 200, and keeps every post.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<Received> _posts = [];
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> Posts
    {
        get
        {
            lock (_lock)
            {
                return [.. _posts];
            }
        }
    }

    public IReadOnlyList<Received> Accepted => Posts.Where(p => p.Accepted).ToList();

    public static async Task<WebhookReceiver> StartAsync(int failures = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failures);
        app.MapPost("/hooks/warbler", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/hooks/warbler";
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        lock (_lock)
        {
            var accept = _failuresLeft-- <= 0;
            _posts.Add(new Received(body, context.Request.Headers["Warbler-Signature"].ToString(), accept));
            return accept ? Results.Ok() : Results.StatusCode(500);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Received(string Body, string Signature, bool Accepted);
}
