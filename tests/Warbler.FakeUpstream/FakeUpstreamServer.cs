using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Warbler.FakeUpstream;

/// <summary>
/// A fake OpenAI-compatible upstream: a real Kestrel server on a loopback port that answers
/// chat and legacy completions, the Responses API and Anthropic's <c>/v1/messages</c> (whole or streamed), fails with chosen statuses and
/// <c>Retry-After</c>, stalls, trickles, resets or drops connections, and records what it received.
/// </summary>
public sealed class FakeUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<UpstreamScript> _scripts = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly RemoteScripts _remote = new();
    private readonly bool _record;
    private int _requestCount;
    private int _abortedCount;
    private TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstreamServer(WebApplication app, bool record)
    {
        _app = app;
        _record = record;
    }

    /// <summary>Answers every request that has no queued script.</summary>
    public UpstreamScript Default { get; set; } = UpstreamScript.Answer();

    /// <summary>The models <c>GET /v1/models</c> lists.</summary>
    public IReadOnlyList<string> Models { get; set; } = ["fake-model"];

    /// <summary>When set, <c>GET /v1/models</c> plays this script (a failure) instead of listing <see cref="Models"/>.</summary>
    public UpstreamScript? ModelsScript { get; set; }

    /// <summary>When false, <c>/v1/completions</c> answers 404 as OpenAI does for chat-only models.</summary>
    public bool SupportsLegacyCompletions { get; set; } = true;

    /// <summary>When false, <c>/v1/responses</c> answers 404, as a server that has only chat completions does.</summary>
    public bool SupportsResponses { get; set; } = true;

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's root, for Azure-style URLs.</summary>
    public string RootUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests whose client (Warbler) went away before the answer was finished.</summary>
    public int AbortedRequests => Volatile.Read(ref _abortedCount);

    public static async Task<FakeUpstreamServer> StartAsync(int port = 0, bool recordRequests = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new FakeUpstreamServer(app, recordRequests);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.RootUrl = address.TrimEnd('/');
        server.BaseUrl = server.RootUrl + "/v1";
        return server;
    }

    public void Enqueue(params UpstreamScript[] scripts)
    {
        foreach (var script in scripts)
        {
            _scripts.Enqueue(script);
        }
    }

    /// <summary>Completes when a request is aborted by its client.</summary>
    public Task WaitForAbortAsync(TimeSpan timeout) => _aborted.Task.WaitAsync(timeout);

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requestCount);
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        if (context.Request.Path.StartsWithSegments(RemoteScripts.Prefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            await _remote.HandleAsync(context, body);
            return;
        }

        if (_record)
        {
            _requests.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow));
        }

        context.Response.Headers["x-request-id"] = $"fake-req-{number}";
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "GET" && path.EndsWith("/models", StringComparison.Ordinal))
        {
            var anthropic = context.Request.Headers.ContainsKey("anthropic-version");
            await (ModelsScript is { } models
                ? WriteJsonAsync(context, models.Status, models.RawBody ?? "{}")
                : WriteJsonAsync(context, 200, anthropic ? FakeAnthropicAnswer.ModelList(Models) : ModelList()));
            return;
        }

        _remote.Received(body);
        if (await _remote.TryPlayAsync(context, body))
        {
            return;
        }

        var script = _scripts.TryDequeue(out var queued) ? queued : Default;
        try
        {
            await PlayAsync(context, script, path, body);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            NoteAbort();
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            NoteAbort();
        }
    }

    private void NoteAbort()
    {
        Interlocked.Increment(ref _abortedCount);
        _aborted.TrySetResult();
    }

    private async Task PlayAsync(HttpContext context, UpstreamScript script, string path, string body)
    {
        var cancellationToken = context.RequestAborted;
        if (script.DelayBeforeHeaders > TimeSpan.Zero)
        {
            await Task.Delay(script.DelayBeforeHeaders, cancellationToken);
        }

        if (script.ResetBeforeHeaders)
        {
            ResetConnection(context);
            return;
        }

        foreach (var (name, value) in script.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (script.RawBody is not null || script.Status != 200)
        {
            await WriteJsonAsync(context, script.Status, script.RawBody ?? "{}", script);
            return;
        }

        if (path.EndsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 200, new FakeAnthropicAnswer("", script).Count(), script);
            return;
        }

        if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            await PlayMessagesAsync(context, script, body, cancellationToken);
            return;
        }

        if (FakeMedia.Answers(path))
        {
            await FakeMedia.PlayAsync(context, script, path, body);
            return;
        }

        var legacy = path.EndsWith("/v1/completions", StringComparison.Ordinal);
        if (legacy && !SupportsLegacyCompletions)
        {
            await WriteJsonAsync(context, 404, """{"error":{"message":"This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?","type":"invalid_request_error","param":"model","code":null}}""");
            return;
        }

        var request = JsonNode.Parse(body) as JsonObject ?? [];
        var model = request["model"]?.GetValue<string>() ?? "fake-model";
        var stream = request["stream"]?.GetValueKind() == JsonValueKind.True;
        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            await PlayResponsesAsync(context, script, new FakeResponsesAnswer(model, script), stream);
            return;
        }

        var includeUsage = request["stream_options"]?["include_usage"]?.GetValueKind() == JsonValueKind.True;
        var answer = new FakeAnswer(model, script, legacy);
        if (!stream)
        {
            await WriteJsonAsync(context, 200, answer.Whole(), script);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(cancellationToken);
        if (script.RawStream is { } raw)
        {
            await context.Response.WriteAsync(raw, cancellationToken);
            return;
        }

        var chunks = answer.Chunks();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (script.DropAfterChunks is { } drop && i >= drop)
            {
                // Aborting discards output Kestrel has not sent yet, so the chunks just flushed
                // could vanish with the connection; let them leave first, as they would have
                // when a real upstream dies mid-answer.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                context.Abort();
                return;
            }

            await WriteEventAsync(context, chunks[i], cancellationToken);
            if (script.ChunkDelay > TimeSpan.Zero && i < chunks.Count - 1)
            {
                await Task.Delay(script.ChunkDelay, cancellationToken);
            }
        }

        if (includeUsage && script.SendsUsage)
        {
            await WriteEventAsync(context, answer.UsageChunk(), cancellationToken);
        }

        await WriteEventAsync(context, "[DONE]", cancellationToken);
    }

    private async Task PlayResponsesAsync(HttpContext context, UpstreamScript script, FakeResponsesAnswer answer, bool stream)
    {
        var cancellationToken = context.RequestAborted;
        if (!SupportsResponses)
        {
            await WriteJsonAsync(context, 404, """{"error":{"message":"Not Found","type":"invalid_request_error","param":null,"code":null}}""");
            return;
        }

        if (!stream)
        {
            await WriteJsonAsync(context, 200, answer.Whole(), script);
            return;
        }

        await PlayNamedEventsAsync(context, script, answer.Events(), cancellationToken);
    }

    /// <summary>Anthropic's Messages API: a whole message, or its event stream.</summary>
    private static async Task PlayMessagesAsync(HttpContext context, UpstreamScript script, string body, CancellationToken cancellationToken)
    {
        var request = JsonNode.Parse(body) as JsonObject ?? [];
        var answer = new FakeAnthropicAnswer(request["model"]?.GetValue<string>() ?? "fake-model", script);
        if (request["stream"]?.GetValueKind() != JsonValueKind.True)
        {
            await WriteJsonAsync(context, 200, answer.Whole(), script);
            return;
        }

        await PlayNamedEventsAsync(context, script, answer.Events(), cancellationToken);
    }

    /// <summary>A stream of named events (<c>event:</c> and <c>data:</c>), as the Responses and Messages APIs send them.</summary>
    private static async Task PlayNamedEventsAsync(HttpContext context, UpstreamScript script, List<(string Name, string Data)> events, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            if (script.DropAfterChunks is { } drop && i >= drop)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                context.Abort();
                return;
            }

            await context.Response.WriteAsync($"event: {events[i].Name}\ndata: {events[i].Data}\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            if (script.ChunkDelay > TimeSpan.Zero && i < events.Count - 1)
            {
                await Task.Delay(script.ChunkDelay, cancellationToken);
            }
        }
    }

    private string ModelList() => JsonSerializer.Serialize(new
    {
        @object = "list",
        data = Models.Select(id => new { id, @object = "model", created = 1_700_000_000, owned_by = "fake" }),
    });

    private static async Task WriteEventAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, string json, UpstreamScript? script = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (script?.TrickleBytes is not { } size)
        {
            await context.Response.WriteAsync(json, context.RequestAborted);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        await context.Response.StartAsync(context.RequestAborted);
        for (var start = 0; start < bytes.Length; start += size)
        {
            if (start > 0)
            {
                await Task.Delay(script.TrickleDelay, context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>Closes the connection with a TCP RST (no lingering), as a crashed upstream or a middlebox does.</summary>
    private static void ResetConnection(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.LingerState = new LingerOption(true, 0);
        }

        context.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(2));
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Clears recorded requests and queued scripts, and sets the answers back as at start (request
    /// ids from <c>fake-req-1</c>, legacy completions served), for the next test on a shared server.
    /// The listed <see cref="Models"/> stay, as a fixture may have chosen them.
    /// </summary>
    public void Reset()
    {
        _requests.Clear();
        _scripts.Clear();
        _remote.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _abortedCount, 0);
        SupportsLegacyCompletions = true;
        SupportsResponses = true;
        _aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Default = UpstreamScript.Answer();
        ModelsScript = null;
    }
}
