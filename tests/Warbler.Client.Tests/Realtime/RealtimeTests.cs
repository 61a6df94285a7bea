using Microsoft.AspNetCore.SignalR;
using Warbler.Contracts.Messages;
using Warbler.Client.Realtime;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Client.Tests.Realtime;

/// <summary>The hub through <see cref="WarblerRealtime"/>: every event typed, the hub's methods, and rooms joined and left live.</summary>
public sealed class RealtimeTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task AMention_InAGroupRoom_TheOtherMemberSeesTheMessageThenTheReplyDeltaByDeltaThenCompleted()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id], ["assistant"]);
        await using var annLive = await ConnectAsync(ann);
        await using var bobLive = await ConnectAsync(bob);
        var bobSees = new RecordedEvents(bobLive);

        var sent = await annLive.SendMessageAsync(room.Id, "@assistant what is a warbler?", "c1");
        var completed = await bobSees.WaitForAsync<MessageCompletedEvent>();

        var events = bobSees.Events;
        var deltas = events.OfType<MessageDeltaEvent>().ToList();
        Assert.Equal(sent, Assert.IsType<MessageCreatedEvent>(events[0]).Message);
        var started = Assert.IsType<MessageCreatedEvent>(events[1]).Message;
        Assert.Equal((true, sent.Id), (started.IsStreaming, started.ReplyTo!.Value));
        Assert.Equal(events.Count - 3, deltas.Count);
        Assert.All(deltas, d => Assert.Equal((room.Id, started.Id), (d.RoomId, d.MessageId)));
        Assert.Equal("Hello from the fake upstream.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal((started.Id, MessageStatuses.Complete, "Hello from the fake upstream."), (completed.Message.Id, completed.Message.Status, completed.Message.Text));
        Assert.All(events, e => Assert.False(e.CaughtUp));
    }

    [Fact]
    public async Task TypingAndMarkRead_ReachTheOtherMember()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id]);
        await using var annLive = await ConnectAsync(ann);
        await using var bobLive = await ConnectAsync(bob);
        var annSees = new RecordedEvents(annLive);
        var message = await annLive.SendMessageAsync(room.Id, "Lunch?");

        await bobLive.TypingAsync(room.Id);
        var typing = await annSees.WaitForAsync<TypingEvent>();
        await bobLive.MarkReadAsync(room.Id, message.Id);
        var receipt = await annSees.WaitForAsync<ReadReceiptEvent>();

        Assert.Equal((room.Id, bob.Id), (typing.RoomId, typing.UserId));
        Assert.Equal((room.Id, bob.Id, message.Id), (receipt.RoomId, receipt.UserId, receipt.MessageId));
    }

    [Fact]
    public async Task EditAndRecall_AreSeenAsMessageUpdatedAndMessageDeleted()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id]);
        await using var annLive = await ConnectAsync(ann);
        await using var bobLive = await ConnectAsync(bob);
        var bobSees = new RecordedEvents(bobLive);
        var first = await annLive.SendMessageAsync(room.Id, "Teh plan");
        var second = await annLive.SendMessageAsync(room.Id, "Oops");

        await ann.Client.EditMessageAsync(room.Id, first.Id, "The plan");
        var tombstone = await annLive.RecallMessageAsync(room.Id, second.Id);
        var updated = await bobSees.WaitForAsync<MessageUpdatedEvent>();
        var deleted = await bobSees.WaitForAsync<MessageDeletedEvent>();

        Assert.Equal(("The plan", 2), (updated.Message.Text, updated.Message.Version));
        Assert.Equal((room.Id, second.Id), (deleted.RoomId, deleted.MessageId));
        Assert.True(tombstone.IsRecalled);
    }

    [Fact]
    public async Task BeingAddedToARoomAndLeavingIt_RaiseRoomUpdatedThenRoomRemoved_AndTheRoomsMessagesArrive()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        await using var bobLive = await ConnectAsync(bob);
        var bobSees = new RecordedEvents(bobLive);

        var room = await ann.Client.CreateGroupRoomAsync("Later", [bob.Id]);
        var added = await bobSees.WaitForAsync<RoomUpdatedEvent>();
        var hello = await ann.Client.SendMessageAsync(room.Id, "Welcome, Bob");
        await bobSees.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == hello.Id);
        await bob.Client.LeaveOrDeleteRoomAsync(room.Id);
        var removed = await bobSees.WaitForAsync<RoomRemovedEvent>();

        Assert.Equal(("Later", room.Id), (added.Room.Title, added.RoomId));
        Assert.Equal(room.Id, removed.RoomId);
    }

    [Fact]
    public async Task SendMessage_OverTheHub_IsIdempotent_AndARoomNotJoinedIsRefused()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Notes");
        await using var annLive = await ConnectAsync(ann);

        var first = await annLive.SendMessageAsync(room.Id, "Once", "same-id");
        var retried = await annLive.SendMessageAsync(room.Id, "Once", "same-id");
        var refused = await Assert.ThrowsAsync<HubException>(() => annLive.SendMessageAsync(Guid.NewGuid(), "Anyone?"));

        Assert.Equal(first, retried);
        Assert.Single((await ann.Client.GetMessagesAsync(room.Id)).Messages);
        Assert.Contains("that you are a member of", refused.Message);
    }

    [Fact]
    public async Task ReadEvents_GivesTheEventsAsASequence()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Notes");
        await using var annLive = await ConnectAsync(ann);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = annLive.ReadEventsAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);

        // The first step of the enumeration starts listening; it completes when the first event comes.
        var next = events.MoveNextAsync();
        await annLive.SendMessageAsync(room.Id, "one");
        await annLive.SendMessageAsync(room.Id, "two");
        var texts = new List<string>();
        while (true)
        {
            Assert.True(await next);
            if (events.Current is MessageCreatedEvent created)
            {
                texts.Add(created.Message.Text);
            }

            if (texts.Count == 2)
            {
                break;
            }

            next = events.MoveNextAsync();
        }

        Assert.Equal(["one", "two"], texts);
    }

    [Fact]
    public async Task StopReply_OverTheHub_KeepsWhatWasWritten()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        _host.Upstream.Enqueue(UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 50).Select(i => $"w{i} "))) with { Chunks = 50, ChunkDelay = TimeSpan.FromMilliseconds(100) });
        await using var annLive = await ConnectAsync(ann);
        var annSees = new RecordedEvents(annLive);

        await annLive.SendMessageAsync(room.Id, "Count to fifty");
        var delta = await annSees.WaitForAsync<MessageDeltaEvent>();
        var stopped = await annLive.StopReplyAsync(room.Id, delta.MessageId);
        var completed = await annSees.WaitForAsync<MessageCompletedEvent>();

        Assert.Equal(MessageStatuses.Stopped, stopped.Status);
        Assert.Equal(stopped, completed.Message);
    }

    internal static async Task<WarblerRealtime> ConnectAsync(Person person, WarblerRealtimeOptions? options = null)
    {
        var realtime = new WarblerRealtime(person.Client, options);
        await realtime.StartAsync();
        return realtime;
    }
}
