using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Client.Json;
using Warbler.Contracts.Messages;
using Warbler.Contracts.Realtime;
using Warbler.Contracts.Rooms;

namespace Warbler.Client.Realtime;

/// <summary>
/// A live connection to the server's real-time hub (<c>/hubs/chat</c>) as the signed-in user of a
/// <see cref="WarblerClient"/>: typed events for everything that happens in the user's rooms,
/// and the hub's methods. When the connection drops it reconnects by itself and catches up:
/// what happened while it was away is raised once, in order, before <see cref="Reconnected"/>,
/// and nothing already raised is raised again.
/// </summary>
/// <remarks>
/// Events are raised one at a time, in the order they happened, on a task of their own: a handler
/// may call the hub or the REST API and await the answer. An exception thrown by a handler is
/// passed to <see cref="HandlerFailed"/>, and the events keep coming.
/// </remarks>
public sealed partial class WarblerRealtime : IAsyncDisposable
{
    /// <summary>The most rooms looked up when starting and after a reconnect.</summary>
    private const int RoomsListed = 500;

    /// <summary>Tries at catching up after a reconnect while the connection stays up.</summary>
    private const int CatchUpAttempts = 3;

    private readonly WarblerClient _client;
    private readonly WarblerRealtimeOptions _options;
    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly SeenMessages _seen = new();
    private readonly List<RealtimeEvent> _heldWhileCatchingUp = [];
    private readonly Channel<object> _toRaise = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Channel<RealtimeEvent>> _readers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _raising;
    private bool _catchingUp;
    private bool _started;
    private volatile bool _stopRequested;

    /// <summary>A connection for the user signed in on <paramref name="client"/>; call <see cref="StartAsync"/> to connect.</summary>
    /// <param name="client">A signed-in client: it gives the server's address and the access token (renewed when it expires).</param>
    /// <param name="options">How to connect and reconnect, or <c>null</c> for the defaults.</param>
    public WarblerRealtime(WarblerClient client, WarblerRealtimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new WarblerRealtimeOptions();
        _connection = new HubConnectionBuilder()
            .WithUrl(client.Url("hubs/chat"), http =>
            {
                http.AccessTokenProvider = async () => await client.GetAccessTokenAsync(_stopping.Token).ConfigureAwait(false);
                _options.ConfigureHttpConnection?.Invoke(http);
            })
            .WithAutomaticReconnect(new DelaysRetryPolicy(_options.ReconnectDelays))
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, WarblerJsonContext.Default))
            .Build();
        ListenToHub();
        _connection.Reconnecting += OnReconnectingAsync;
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;
        _raising = Task.Run(RaiseEventsAsync);
    }

    /// <summary>Whether the connection is connected, connecting, reconnecting or disconnected.</summary>
    public HubConnectionState State => _connection.State;

    /// <summary>Connects, and follows every room the user is in (and those they join later). After a <see cref="StopAsync"/>, connects again and catches up as after a reconnect.</summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A task that completes once connected.</returns>
    /// <exception cref="Errors.WarblerApiException">The access token could not be renewed: sign in again.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or refused the connection.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        bool again;
        _stopRequested = false;
        lock (_lock)
        {
            again = _started;
            _catchingUp = true;
        }

        try
        {
            await _connection.StartAsync(cancellationToken).ConfigureAwait(false);

            // The connect completes before the server has joined the connection to its rooms; from the answer on, nothing is missed.
            await _connection.InvokeAsync("Ready", cancellationToken).ConfigureAwait(false);
            if (again)
            {
                await CatchUpAfterReconnectAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await FollowRoomsAsync(cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _started = true;
                }
            }
        }
        catch
        {
            ReleaseHeldEvents();
            throw;
        }
    }

    /// <summary>Disconnects; events stop. Call <see cref="StartAsync"/> to connect again and catch up.</summary>
    /// <param name="cancellationToken">Cancels waiting for the connection to close.</param>
    /// <returns>A task that completes once disconnected.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopRequested = true;
        return _connection.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Says which messages of a room the application already has (loaded with
    /// <see cref="WarblerClient.GetMessagesAsync"/>, say), so a catch-up starts after them.
    /// Rooms the user is in are followed from the moment <see cref="StartAsync"/> connects without this.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="newestMessageId">The newest message the application has; the id only moves forward.</param>
    public void Follow(Guid roomId, long newestMessageId)
    {
        lock (_lock)
        {
            _seen.Track(roomId, newestMessageId);
        }
    }

    /// <summary>Disconnects and stops raising events.</summary>
    /// <returns>A task that completes once disconnected.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopRequested = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _toRaise.Writer.TryComplete();
        await _raising.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Follows every room the user is in at the time of connecting, from its newest message.</summary>
    private async Task FollowRoomsAsync(CancellationToken cancellationToken)
    {
        var rooms = await _client.ListRoomsAsync(limit: RoomsListed, cancellationToken: cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var room in rooms)
            {
                _seen.Track(room.Id, room.LastMessage?.Id ?? 0);
            }

            ReleaseHeldEventsLocked();
        }
    }

    private Task OnReconnectingAsync(Exception? error)
    {
        lock (_lock)
        {
            _catchingUp = true;
        }

        _toRaise.Writer.TryWrite(new ConnectionChange(ConnectionChangeKind.Reconnecting, error));
        return Task.CompletedTask;
    }

    private async Task OnReconnectedAsync(string? connectionId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CatchUpAfterReconnectAsync(_stopping.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (_connection.State == HubConnectionState.Connected && attempt < CatchUpAttempts && !_stopping.IsCancellationRequested)
            {
                // The catch-up call failed but the connection is up (the REST call timed out, say): try again shortly.
                await Task.Delay(TimeSpan.FromSeconds(attempt), _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Dropped again while catching up: the next reconnect catches up from the same place. Otherwise
                // live events flow again, and what could not be caught up is left to the application's own refresh.
                if (_connection.State != HubConnectionState.Reconnecting)
                {
                    ReleaseHeldEvents();
                }

                return;
            }
        }
    }

    private async Task OnClosedAsync(Exception? error)
    {
        // Closed by the server rather than by this side (its sign-in expired, say), it is not reconnected
        // by SignalR: connect again with a fresh token and catch up, waiting as between reconnect attempts.
        if (!_stopRequested && await RestartAsync(error).ConfigureAwait(false))
        {
            return;
        }

        ReleaseHeldEvents();
        _toRaise.Writer.TryWrite(new ConnectionChange(ConnectionChangeKind.Closed, error));
    }

    /// <returns>Whether the connection is back; false when stopped, or when the user has to sign in again.</returns>
    private async Task<bool> RestartAsync(Exception? error)
    {
        _ = OnReconnectingAsync(error);
        for (var attempt = 0; !_stopRequested; attempt++)
        {
            try
            {
                var delays = _options.ReconnectDelays;
                await Task.Delay(delays.Count == 0 ? TimeSpan.Zero : delays[Math.Min(attempt, delays.Count - 1)], _stopping.Token).ConfigureAwait(false);
                await _connection.StartAsync(_stopping.Token).ConfigureAwait(false);
                await CatchUpAfterReconnectAsync(_stopping.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return false;
            }
            catch (Errors.WarblerApiException refused) when (refused.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                return false;
            }
            catch (Exception retried) when (retried is HttpRequestException or HubException or InvalidOperationException or System.Net.WebSockets.WebSocketException or IOException or TimeoutException)
            {
                if (_connection.State == HubConnectionState.Connected)
                {
                    await _connection.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// After a reconnect: looks up the user's rooms (new ones, and ones left while away), asks the hub
    /// what each followed room missed, and raises it, then what arrived live meanwhile, then <see cref="Reconnected"/>.
    /// </summary>
    private async Task CatchUpAfterReconnectAsync(CancellationToken cancellationToken)
    {
        Dictionary<Guid, long> followed;
        lock (_lock)
        {
            followed = _seen.NewestIds();
        }

        var roomEvents = new List<RealtimeEvent>();
        var rooms = await _client.ListRoomsAsync(limit: RoomsListed, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var room in rooms.Where(room => !followed.ContainsKey(room.Id)))
        {
            roomEvents.Add(new RoomUpdatedEvent(room) { CaughtUp = true });
            followed[room.Id] = 0;
        }

        if (rooms.Count < RoomsListed)
        {
            foreach (var gone in followed.Keys.Where(id => rooms.All(room => room.Id != id)).ToList())
            {
                roomEvents.Add(new RoomRemovedEvent(gone) { CaughtUp = true });
                followed.Remove(gone);
            }
        }

        var missed = new List<Message>();
        foreach (var (roomId, newestId) in followed)
        {
            try
            {
                missed.AddRange(await MissedAsync(roomId, newestId, cancellationToken).ConfigureAwait(false));
            }
            catch (HubException) when (_connection.State == HubConnectionState.Connected)
            {
                // Refused: the user is no longer in the room (among more rooms than were listed).
                roomEvents.Add(new RoomRemovedEvent(roomId) { CaughtUp = true });
            }
        }

        lock (_lock)
        {
            foreach (var roomEvent in roomEvents)
            {
                if (roomEvent is RoomUpdatedEvent joined)
                {
                    // A room joined while away: its messages are caught up from its start.
                    _seen.Track(joined.RoomId, 0);
                }

                Raise(_seen.Live(roomEvent));
            }

            foreach (var message in missed)
            {
                Raise(_seen.CaughtUp(message));
            }

            ReleaseHeldEventsLocked();
        }

        _toRaise.Writer.TryWrite(new ConnectionChange(ConnectionChangeKind.Reconnected, null));
    }

    /// <summary>Every page of what a room missed since a message: the messages after it, and older ones that changed since.</summary>
    private async Task<List<Message>> MissedAsync(Guid roomId, long newestId, CancellationToken cancellationToken)
    {
        var missed = new List<Message>();
        var after = newestId;
        while (true)
        {
            var page = await CatchUpAsync(roomId, after, cancellationToken).ConfigureAwait(false);
            missed.AddRange(page.Messages);
            if (!page.HasMore || page.Messages.Count == 0)
            {
                return missed;
            }

            after = page.Messages.Max(m => m.Id);
        }
    }

    private void ReleaseHeldEvents()
    {
        lock (_lock)
        {
            ReleaseHeldEventsLocked();
        }
    }

    private void ReleaseHeldEventsLocked()
    {
        _catchingUp = false;
        foreach (var held in _heldWhileCatchingUp)
        {
            Raise(_seen.Live(held));
        }

        _heldWhileCatchingUp.Clear();
    }

    /// <summary>An event from the hub: held while catching up (so it comes after what was missed), otherwise raised unless it tells nothing new.</summary>
    private void Receive(RealtimeEvent received)
    {
        lock (_lock)
        {
            if (_catchingUp)
            {
                _heldWhileCatchingUp.Add(received);
                return;
            }

            Raise(_seen.Live(received));
        }
    }

    private void Raise(RealtimeEvent? realtimeEvent)
    {
        if (realtimeEvent is not null)
        {
            _toRaise.Writer.TryWrite(realtimeEvent);
        }
    }

    private void ListenToHub()
    {
        _connection.On<Message>(HubEventNames.MessageCreated, message => Receive(new MessageCreatedEvent(message)));
        _connection.On<Guid, long, string>(HubEventNames.MessageDelta, (roomId, messageId, text) => Receive(new MessageDeltaEvent(roomId, messageId, text)));
        _connection.On<Guid, long, ToolStep>(HubEventNames.ToolStep, (roomId, messageId, step) => Receive(new ToolStepEvent(roomId, messageId, step)));
        _connection.On<Message>(HubEventNames.MessageCompleted, message => Receive(new MessageCompletedEvent(message)));
        _connection.On<Message>(HubEventNames.MessageUpdated, message => Receive(new MessageUpdatedEvent(message)));
        _connection.On<Guid, long>(HubEventNames.MessageDeleted, (roomId, messageId) => Receive(new MessageDeletedEvent(roomId, messageId)));
        _connection.On<Guid, Guid>(HubEventNames.Typing, (roomId, userId) => Receive(new TypingEvent(roomId, userId)));
        _connection.On<Guid, Guid, long>(HubEventNames.ReadReceipt, (roomId, userId, messageId) => Receive(new ReadReceiptEvent(roomId, userId, messageId)));
        _connection.On<Room>(HubEventNames.RoomUpdated, room => Receive(new RoomUpdatedEvent(room)));
        _connection.On<Guid>(HubEventNames.RoomRemoved, roomId => Receive(new RoomRemovedEvent(roomId)));
        _connection.On<BudgetAlert>(HubEventNames.BudgetAlert, alert => Receive(new BudgetAlertEvent(alert)));
    }

    private enum ConnectionChangeKind
    {
        Reconnecting,
        Reconnected,
        Closed,
    }

    private sealed record ConnectionChange(ConnectionChangeKind Kind, Exception? Error);
}
