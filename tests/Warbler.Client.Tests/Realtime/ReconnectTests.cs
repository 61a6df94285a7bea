using Warbler.Contracts.Messages;
using Warbler.Client.Realtime;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Client.Tests.Realtime;

/// <summary>A connection that drops in the middle of a conversation comes back by itself and catches up: nothing missing, nothing doubled.</summary>
public sealed class ReconnectTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private static readonly WarblerRealtimeOptions QuickReconnects = new() { ReconnectDelays = [TimeSpan.FromMilliseconds(100)] };

    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task ANetworkDrop_InTheMiddleOfAReply_IsCaughtUpWithNothingMissingAndNothingDoubled()
    {
        await using var proxy = new LoopbackProxy(_host.BaseAddress);
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob", through: proxy.Address);
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id], ["assistant"]);
        var slow = UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 20).Select(i => $"w{i} "))) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        _host.Upstream.Enqueue(slow, UpstreamScript.Answer("The second answer."));
        await using var annLive = await RealtimeTests.ConnectAsync(ann);
        await using var bobLive = await RealtimeTests.ConnectAsync(bob, QuickReconnects);
        var annSees = new RecordedEvents(annLive);
        var bobSees = new RecordedEvents(bobLive);
        var draft = await ann.Client.SendMessageAsync(room.Id, "Draft");
        var mistake = await ann.Client.SendMessageAsync(room.Id, "Wrong room, sorry");
        await bobSees.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == mistake.Id);

        // Ann asks the bot; Bob sees the reply begin, then his network goes.
        await ann.Client.SendMessageAsync(room.Id, "@assistant count to twenty");
        var firstDelta = await bobSees.WaitForAsync<MessageDeltaEvent>();
        proxy.CutOff();
        await bobSees.WaitForAsync<ConnectionChange>(c => c.What == "reconnecting");

        // While he is away the reply finishes, Ann writes on, the bot answers again, and she edits and recalls.
        await ann.Client.SendMessageAsync(room.Id, "While Bob is away");
        await ann.Client.SendMessageAsync(room.Id, "@assistant once more");
        await ann.Client.EditMessageAsync(room.Id, draft.Id, "Final");
        await ann.Client.RecallMessageAsync(room.Id, mistake.Id);
        await annSees.WaitUntilAsync(items => items.OfType<MessageCompletedEvent>().Count() == 2, "both replies finished");
        var seenBeforeRestore = bobSees.Items.Count;
        var refusedWhileAway = proxy.Refused;
        proxy.Restore();
        await bobSees.WaitForAsync<ConnectionChange>(c => c.What == "reconnected");
        var history = (await ann.Client.GetMessagesAsync(room.Id)).Messages;

        var items = bobSees.Items;
        var reconnecting = items.ToList().FindIndex(i => i is ConnectionChange { What: "reconnecting" });
        Assert.Equal(reconnecting + 1, seenBeforeRestore);
        Assert.True(refusedWhileAway > 0, "Bob's client did not try to reconnect while the network was down.");
        Assert.Equal(7, history.Count);
        Assert.Equal(Describe(history), Describe(BuildView(bobSees.Events)));

        var caughtUp = items.Skip(reconnecting + 1).TakeWhile(i => i is not ConnectionChange).Cast<RealtimeEvent>().ToList();
        Assert.All(caughtUp, e => Assert.True(e.CaughtUp));
        Assert.Equal(
            new[]
            {
                $"completed {firstDelta.MessageId}",
                $"updated {draft.Id}",
                $"deleted {mistake.Id}",
                $"created {history[4].Id}",
                $"created {history[5].Id}",
                $"created {history[6].Id}",
            }.Order(),
            caughtUp.Select(Name).Order());
        var created = bobSees.Events.OfType<MessageCreatedEvent>().Select(e => e.Message.Id).ToList();
        Assert.Equal(created.Distinct(), created);
        var completed = bobSees.Events.OfType<MessageCompletedEvent>().Select(e => e.Message.Id).ToList();
        Assert.Equal(completed.Distinct(), completed);

        // From now on each new message arrives once, live.
        var welcome = await ann.Client.SendMessageAsync(room.Id, "Welcome back");
        var live = await bobSees.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == welcome.Id);
        Assert.False(live.CaughtUp);
        Assert.Single(bobSees.Events, e => e is MessageCreatedEvent c && c.Message.Id == welcome.Id);
    }

    [Fact]
    public async Task StartAgain_AfterStopping_RaisesWhatWasMissedOnce()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id]);
        await using var bobLive = await RealtimeTests.ConnectAsync(bob);
        var bobSees = new RecordedEvents(bobLive);
        var before = await ann.Client.SendMessageAsync(room.Id, "Before");
        await bobSees.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == before.Id);

        await bobLive.StopAsync();
        var missed1 = await ann.Client.SendMessageAsync(room.Id, "Missed one");
        var missed2 = await ann.Client.SendMessageAsync(room.Id, "Missed two");
        var newRoom = await ann.Client.CreateGroupRoomAsync("Made while away", [bob.Id]);
        var inNewRoom = await ann.Client.SendMessageAsync(newRoom.Id, "Hello in the new room");
        await bobLive.StartAsync();
        await bobSees.WaitForAsync<ConnectionChange>(c => c.What == "reconnected");

        var created = bobSees.Events.OfType<MessageCreatedEvent>().ToList();
        Assert.Equal([before.Id, missed1.Id, missed2.Id, inNewRoom.Id], created.Select(e => e.Message.Id));
        Assert.Equal([false, true, true, true], created.Select(e => e.CaughtUp));
        Assert.Single(bobSees.Events.OfType<RoomUpdatedEvent>(), e => e.RoomId == newRoom.Id);
    }

    private static string Name(RealtimeEvent realtimeEvent) => realtimeEvent switch
    {
        MessageCreatedEvent e => $"created {e.Message.Id}",
        MessageCompletedEvent e => $"completed {e.Message.Id}",
        MessageUpdatedEvent e => $"updated {e.Message.Id}",
        MessageDeletedEvent e => $"deleted {e.MessageId}",
        _ => realtimeEvent.GetType().Name,
    };

    /// <summary>A room as a client would show it from the events: one copy per message id, deltas appended, recalled messages emptied.</summary>
    private static IEnumerable<Message> BuildView(IEnumerable<RealtimeEvent> events)
    {
        var view = new SortedDictionary<long, Message>();
        foreach (var realtimeEvent in events)
        {
            switch (realtimeEvent)
            {
                case MessageCreatedEvent e:
                    view[e.Message.Id] = e.Message;
                    break;
                case MessageCompletedEvent e:
                    view[e.Message.Id] = e.Message;
                    break;
                case MessageUpdatedEvent e:
                    view[e.Message.Id] = e.Message;
                    break;
                case MessageDeltaEvent e when view.TryGetValue(e.MessageId, out var reply):
                    view[e.MessageId] = reply with { Text = reply.Text + e.Text };
                    break;
                case MessageDeletedEvent e when view.TryGetValue(e.MessageId, out var recalled):
                    view[e.MessageId] = recalled with { Text = "", Status = MessageStatuses.Recalled };
                    break;
            }
        }

        return view.Values;
    }

    private static string Describe(IEnumerable<Message> messages) =>
        string.Join("\n", messages.Select(m => $"{m.Id} {m.Sender.Name} {m.Status}: {m.Text}"));
}
