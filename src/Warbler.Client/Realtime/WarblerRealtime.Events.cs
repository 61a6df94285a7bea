using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Warbler.Client.Realtime;

public sealed partial class WarblerRealtime
{
    /// <summary>A message was stored (by anyone, the user included), or a bot reply started.</summary>
    public event Action<MessageCreatedEvent>? MessageCreated;

    /// <summary>The next piece of a bot reply's text.</summary>
    public event Action<MessageDeltaEvent>? MessageDelta;

    /// <summary>A bot reply's call of a tool started or ended.</summary>
    public event Action<ToolStepEvent>? ToolStep;

    /// <summary>A bot reply ended, as stored with its whole text.</summary>
    public event Action<MessageCompletedEvent>? MessageCompleted;

    /// <summary>A message was edited, or a reply is being written again.</summary>
    public event Action<MessageUpdatedEvent>? MessageUpdated;

    /// <summary>A message was recalled by its writer.</summary>
    public event Action<MessageDeletedEvent>? MessageDeleted;

    /// <summary>Someone else in a room is typing.</summary>
    public event Action<TypingEvent>? Typing;

    /// <summary>A member has read up to a message.</summary>
    public event Action<ReadReceiptEvent>? ReadReceipt;

    /// <summary>A room was created with the user, or changed.</summary>
    public event Action<RoomUpdatedEvent>? RoomUpdated;

    /// <summary>The user is no longer in a room.</summary>
    public event Action<RoomRemovedEvent>? RoomRemoved;

    /// <summary>The user's spending, or a team's they belong to, passed 80 % or 100 % of a budget.</summary>
    public event Action<BudgetAlertEvent>? BudgetAlert;

    /// <summary>Every event above, after its own event.</summary>
    public event Action<RealtimeEvent>? EventReceived;

    /// <summary>The connection dropped and is being restored; the exception says why, when known.</summary>
    public event Action<Exception?>? Reconnecting;

    /// <summary>The connection is back, and what happened while it was away has been raised.</summary>
    public event Action? Reconnected;

    /// <summary>The connection closed for good: stopped, or the user has to sign in again (the exception says why).</summary>
    public event Action<Exception?>? Closed;

    /// <summary>A handler of one of these events threw; the exception is given here, and the events keep coming.</summary>
    public event Action<Exception>? HandlerFailed;

    /// <summary>
    /// The events from now on, as a sequence, for code that prefers <c>await foreach</c> to event
    /// handlers: each reader gets every event, in order, until it stops or is cancelled.
    /// </summary>
    /// <param name="cancellationToken">Ends the sequence.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<RealtimeEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = Channel.CreateUnbounded<RealtimeEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_readers)
        {
            _readers.Add(reader);
        }

        try
        {
            await foreach (var realtimeEvent in reader.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return realtimeEvent;
            }
        }
        finally
        {
            lock (_readers)
            {
                _readers.Remove(reader);
            }
        }
    }

    /// <summary>Raises the events in order, one at a time, away from the connection's own loop, so handlers may call the hub.</summary>
    private async Task RaiseEventsAsync()
    {
        await foreach (var item in _toRaise.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (item)
                {
                    case RealtimeEvent realtimeEvent:
                        RaiseTyped(realtimeEvent);
                        EventReceived?.Invoke(realtimeEvent);
                        lock (_readers)
                        {
                            foreach (var reader in _readers)
                            {
                                reader.Writer.TryWrite(realtimeEvent);
                            }
                        }

                        break;
                    case ConnectionChange { Kind: ConnectionChangeKind.Reconnecting } change:
                        Reconnecting?.Invoke(change.Error);
                        break;
                    case ConnectionChange { Kind: ConnectionChangeKind.Reconnected }:
                        Reconnected?.Invoke();
                        break;
                    case ConnectionChange { Kind: ConnectionChangeKind.Closed } change:
                        Closed?.Invoke(change.Error);
                        break;
                }
            }
            catch (Exception error)
            {
                HandlerFailed?.Invoke(error);
            }
        }

        lock (_readers)
        {
            foreach (var reader in _readers)
            {
                reader.Writer.TryComplete();
            }
        }
    }

    private void RaiseTyped(RealtimeEvent realtimeEvent)
    {
        switch (realtimeEvent)
        {
            case MessageCreatedEvent e:
                MessageCreated?.Invoke(e);
                break;
            case MessageDeltaEvent e:
                MessageDelta?.Invoke(e);
                break;
            case ToolStepEvent e:
                ToolStep?.Invoke(e);
                break;
            case MessageCompletedEvent e:
                MessageCompleted?.Invoke(e);
                break;
            case MessageUpdatedEvent e:
                MessageUpdated?.Invoke(e);
                break;
            case MessageDeletedEvent e:
                MessageDeleted?.Invoke(e);
                break;
            case TypingEvent e:
                Typing?.Invoke(e);
                break;
            case ReadReceiptEvent e:
                ReadReceipt?.Invoke(e);
                break;
            case RoomUpdatedEvent e:
                RoomUpdated?.Invoke(e);
                break;
            case RoomRemovedEvent e:
                RoomRemoved?.Invoke(e);
                break;
            case BudgetAlertEvent e:
                BudgetAlert?.Invoke(e);
                break;
        }
    }
}
