using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Warbler.Bench.Im;

/// <summary>
/// One signed-in user with one hub connection to <c>/hubs/chat</c>. Its handlers take the time
/// first, then hand the event to whichever scenario is recording.
/// </summary>
internal sealed class ChatMember : IAsyncDisposable
{
    private readonly Recorder _recorder;
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private HubConnection? _connection;

    public ChatMember(int index, Guid userId, string accessToken, Recorder recorder)
    {
        Index = index;
        UserId = userId;
        AccessToken = accessToken;
        _recorder = recorder;
    }

    public int Index { get; }

    public Guid UserId { get; }

    public string AccessToken { get; }

    public bool Connected => _connection?.State == HubConnectionState.Connected;

    /// <summary>Opens the connection; throws <see cref="BenchException"/> saying why it could not.</summary>
    public async Task ConnectAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var hubUrl = options.HubUrl;
        var timeout = options.ConnectTimeout;
        _connection ??= Build(hubUrl, options.Negotiate, options.TokenInQuery);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _connection.StartAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchException($"no answer from the chat hub at {hubUrl} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not BenchException and not OperationCanceledException)
        {
            throw new BenchException(Explain(hubUrl, e), e);
        }
    }

    /// <summary>
    /// Connects again if the connection is down (the server restarted), one caller at a time;
    /// throws <see cref="BenchException"/> when the server does not take it.
    /// </summary>
    public async Task EnsureConnectedAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await _reconnecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection?.State is HubConnectionState.Connected)
            {
                return;
            }

            if (_connection?.State is HubConnectionState.Connecting or HubConnectionState.Reconnecting)
            {
                await _connection.StopAsync(cancellationToken);
            }

            await ConnectAsync(options, cancellationToken);
        }
        finally
        {
            _reconnecting.Release();
        }
    }

    /// <summary>Sends through the hub: <c>SendMessage(roomId, text, clientMessageId, replyTo)</c>, returning the stored message.</summary>
    public Task<JsonElement> SendMessageAsync(Guid roomId, string text, string clientMessageId, CancellationToken cancellationToken) =>
        (_connection ?? throw new InvalidOperationException("Not connected."))
            .InvokeAsync<JsonElement>("SendMessage", roomId, text, clientMessageId, (long?)null, cancellationToken);

    /// <summary>
    /// What the member missed in a room after message <paramref name="afterMessageId"/>:
    /// <c>CatchUp(roomId, afterMessageId)</c>, a page of messages and whether there are more.
    /// </summary>
    public Task<JsonElement> CatchUpAsync(Guid roomId, long afterMessageId, CancellationToken cancellationToken) =>
        (_connection ?? throw new InvalidOperationException("Not connected."))
            .InvokeAsync<JsonElement>("CatchUp", roomId, afterMessageId, cancellationToken);

    public async Task StopAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await _connection.StopAsync();
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
                // Closing is best effort: the benchmark is over for this connection.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _reconnecting.Dispose();
    }

    private HubConnection Build(Uri hubUrl, bool negotiate, bool tokenInQuery)
    {
        var url = tokenInQuery ? new Uri($"{hubUrl}?access_token={Uri.EscapeDataString(AccessToken)}") : hubUrl;
        var connection = new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, options =>
            {
                // The .NET client sends the token as a bearer header on the WebSocket upgrade (and on
                // negotiate); browsers, which cannot set headers there, use the access_token query parameter.
                if (!tokenInQuery)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(AccessToken);
                }

                options.SkipNegotiation = !negotiate;
            })
            .Build();

        // The issue names the events in camelCase; a strongly typed hub (Hub<IChatClient>) would send
        // them PascalCase, and the client matches names exactly, so both are listened to.
        foreach (var name in new[] { "messageCreated", "MessageCreated" })
        {
            connection.On<JsonElement>(name, OnMessageCreated);
        }

        foreach (var name in new[] { "messageDelta", "MessageDelta" })
        {
            connection.On<Guid, long, string>(name, OnMessageDelta);
        }

        foreach (var name in new[] { "messageCompleted", "MessageCompleted" })
        {
            connection.On<JsonElement>(name, OnMessageCompleted);
        }

        return connection;
    }

    private void OnMessageCreated(JsonElement message)
    {
        var at = Clock.Now();
        _recorder.MessageCreated(Index, message, at);
    }

    private void OnMessageDelta(Guid roomId, long messageId, string text)
    {
        var at = Clock.Now();
        _recorder.MessageDelta(Index, roomId, messageId, text, at);
    }

    private void OnMessageCompleted(JsonElement message)
    {
        var at = Clock.Now();
        _recorder.MessageCompleted(Index, message, at);
    }

    private static string Explain(Uri hubUrl, Exception e)
    {
        var status = e switch
        {
            HttpRequestException { StatusCode: { } code } => (int)code,
            WebSocketException when e.Message.Contains("'404'", StringComparison.Ordinal) => 404,
            WebSocketException when e.Message.Contains("'401'", StringComparison.Ordinal) => 401,
            WebSocketException when e.Message.Contains("'403'", StringComparison.Ordinal) => 403,
            _ => 0,
        };
        return status switch
        {
            (int)HttpStatusCode.NotFound =>
                $"there is no chat hub at {hubUrl} (404 Not Found): this Warbler build has no SignalR hub mapped at {BenchOptions.HubPath}, which the IM benchmark measures",
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden =>
                $"the chat hub at {hubUrl} refused the user's access token ({status}): it should accept the bearer token from /api/auth/login",
            _ => $"could not connect to the chat hub at {hubUrl}: {e.GetType().Name}: {e.Message}",
        };
    }
}
