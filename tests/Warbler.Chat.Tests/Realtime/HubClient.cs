using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>An event the hub sent, with its arguments as JSON.</summary>
public sealed record HubEvent(string Name, JsonElement[] Args)
{
    public Guid RoomId => Name is "messageCreated" or "messageCompleted" or "messageUpdated" ? Args[0].GetProperty("roomId").GetGuid()
        : Name == "roomUpdated" ? Args[0].GetProperty("id").GetGuid()
        : Args[0].GetGuid();

    /// <summary>The message of <c>messageCreated</c>, <c>messageCompleted</c> and <c>messageUpdated</c>.</summary>
    public JsonElement Message => Args[0];

    public long MessageId => Name is "messageDelta" or "messageDeleted" or "toolStep" ? Args[1].GetInt64() : Args[0].GetProperty("id").GetInt64();
}

/// <summary>
/// A user connected to <c>/hubs/chat</c> with the .NET SignalR client against the test server,
/// recording every event it receives so tests can await them (with a deadline, never a sleep).
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    public static readonly string[] EventNames =
        ["messageCreated", "messageDelta", "messageCompleted", "messageUpdated", "messageDeleted", "typing", "readReceipt", "roomUpdated", "roomRemoved", "toolStep", "budgetAlert"];

    /// <summary>Generous, for a busy machine: an event that comes ends the wait at once.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly Type[] ArgumentTypes = [typeof(JsonElement), typeof(JsonElement), typeof(JsonElement)];

    private readonly List<HubEvent> _events = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in EventNames)
        {
            connection.On(name, ArgumentTypes[..Arity(name)], args =>
            {
                Record(new HubEvent(name, args.Cast<JsonElement>().ToArray()));
                return Task.CompletedTask;
            });
        }
    }

    public HubConnection Connection { get; }

    /// <summary>
    /// Connects over WebSockets with the token in the <c>access_token</c> query parameter (as browsers
    /// must), or over another transport with it in the <c>Authorization</c> header.
    /// </summary>
    public static async Task<HubClient> ConnectAsync(GatewayHost host, string accessToken, HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var connection = transport == HttpTransportType.WebSockets
            ? Build(host, transport, queryToken: accessToken)
            : Build(host, transport, options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken));
        return await StartAsync(connection);
    }

    /// <summary>Starts a connection built with <see cref="Build"/>, recording its events, once it is in its rooms.</summary>
    public static async Task<HubClient> StartAsync(HubConnection connection)
    {
        var client = new HubClient(connection);
        await connection.StartAsync();
        await client.AwaitJoinedAsync();
        return client;
    }

    /// <summary>A connection configured but not started, for tests of refused connections.</summary>
    public static HubConnection Build(GatewayHost host, HttpTransportType transport, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions>? configure = null, string? queryToken = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, "/hubs/chat"), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
                options.SkipNegotiation = transport == HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var url = new UriBuilder(context.Uri);
                    if (queryToken is not null)
                    {
                        url.Query = (url.Query.Length > 1 ? url.Query[1..] + "&" : "") + "access_token=" + Uri.EscapeDataString(queryToken);
                    }

                    return await host.Server.CreateWebSocketClient().ConnectAsync(url.Uri, cancellationToken);
                };
                configure?.Invoke(options);
            })
            .Build();

    /// <summary>The server joins a new connection to its rooms after the handshake; <c>Ready</c> answers once it has.</summary>
    public Task AwaitJoinedAsync() => Connection.InvokeAsync("Ready");

    public IReadOnlyList<HubEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<HubEvent> EventsOf(Guid roomId) => Events.Where(e => e.RoomId == roomId).ToList();

    /// <summary>Waits until an event matches, and returns the first that does.</summary>
    public async Task<HubEvent> WaitForAsync(string name, Func<HubEvent, bool>? match = null)
    {
        var events = await WaitUntilAsync(events => events.Any(e => e.Name == name && (match?.Invoke(e) ?? true)), $"an event {name}");
        return events.First(e => e.Name == name && (match?.Invoke(e) ?? true));
    }

    /// <summary>Waits until the events received so far satisfy <paramref name="condition"/>, and returns them.</summary>
    public async Task<IReadOnlyList<HubEvent>> WaitUntilAsync(Func<IReadOnlyList<HubEvent>, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            var events = Events;
            if (condition(events))
            {
                return events;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited {Deadline.TotalSeconds} s for {what}; received: {string.Join(", ", events.Select(Describe))}");
            }
        }
    }

    /// <summary>Waits for a reply's <c>messageCompleted</c>.</summary>
    public async Task<JsonElement> WaitForCompletedAsync(long replyId) =>
        (await WaitForAsync("messageCompleted", e => e.MessageId == replyId)).Message;

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static int Arity(string name) => name switch
    {
        "messageDelta" or "readReceipt" or "toolStep" => 3,
        "messageDeleted" or "typing" => 2,
        _ => 1,
    };

    private static string Describe(HubEvent e) => $"{e.Name}({string.Join(", ", e.Args.Select(a => a.GetRawText()))})";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Record(HubEvent hubEvent)
    {
        lock (_lock)
        {
            _events.Add(hubEvent);
            _changed.TrySetResult();
            _changed = NewSignal();
        }
    }
}
