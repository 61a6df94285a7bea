using System.Net;
using Warbler.Client.Errors;
using Warbler.Client.Messages;
using Warbler.Contracts.Messages;
using Warbler.Testing;

namespace Warbler.Client.Tests.Messages;

public sealed class MessagesTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task SendMessage_TwiceWithOneClientMessageId_StoresItOnce()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Notes");

        var first = await ann.Client.SendMessageAsync(room.Id, "Buy milk", "note-1");
        var retried = await ann.Client.SendMessageAsync(room.Id, "Buy milk", "note-1");
        var other = await ann.Client.SendMessageAsync(room.Id, "Buy milk");
        var history = await ann.Client.GetMessagesAsync(room.Id);

        Assert.Equal(first, retried);
        Assert.Equal("note-1", first.ClientMessageId);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(32, other.ClientMessageId!.Length);
        Assert.Equal([first.Id, other.Id], history.Messages.Select(m => m.Id));
        Assert.Equal((MessageSender.UserType, ann.Id, "ann"), (first.Sender.Type, first.Sender.Id, first.Sender.Name));
    }

    [Fact]
    public async Task GetMessages_PagesBackWithBeforeAndForwardWithAfter()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Counting");
        var sent = new List<Message>();
        for (var i = 1; i <= 5; i++)
        {
            sent.Add(await ann.Client.SendMessageAsync(room.Id, $"m{i}"));
        }

        var newest = await ann.Client.GetMessagesAsync(room.Id, limit: 2);
        var older = await ann.Client.GetMessagesAsync(room.Id, before: newest.Messages[0].Id, limit: 2);
        var oldest = await ann.Client.GetMessagesAsync(room.Id, before: older.Messages[0].Id, limit: 2);
        var after = await ann.Client.GetMessagesAsync(room.Id, after: sent[1].Id, limit: 2);

        Assert.Equal("m4 m5 +", Describe(newest));
        Assert.Equal("m2 m3 +", Describe(older));
        Assert.Equal("m1", Describe(oldest));
        Assert.Equal("m3 m4 +", Describe(after));
    }

    [Fact]
    public async Task EditMessage_ChangesTheText_AndKeepsTheEarlierVersion()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Edits");
        var sent = await ann.Client.SendMessageAsync(room.Id, "Teh plan");

        var edited = await ann.Client.EditMessageAsync(room.Id, sent.Id, "The plan");
        var versions = await ann.Client.GetMessageVersionsAsync(room.Id, sent.Id);

        Assert.Equal(("The plan", 2), (edited.Text, edited.Version));
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(["Teh plan"], versions.Select(v => v.Text));
    }

    [Fact]
    public async Task RecallMessage_LeavesATombstone_AndSomeoneElseCannotRecall()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Oops", members: [bob.Id]);
        var sent = await ann.Client.SendMessageAsync(room.Id, "Wrong room");

        var notHis = await Assert.ThrowsAsync<WarblerApiException>(() => bob.Client.RecallMessageAsync(room.Id, sent.Id));
        var tombstone = await ann.Client.RecallMessageAsync(room.Id, sent.Id);
        var seenByBob = Assert.Single((await bob.Client.GetMessagesAsync(room.Id)).Messages);

        Assert.Equal(HttpStatusCode.Forbidden, notHis.StatusCode);
        Assert.True(tombstone.IsRecalled);
        Assert.Equal("", tombstone.Text);
        Assert.Equal(tombstone, seenByBob);
    }

    [Fact]
    public async Task SendMessage_WithNoText_Throws400WithTheFieldError()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Empty");

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => ann.Client.SendMessageAsync(room.Id, "   "));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["A message needs some text."], refused.Errors["text"]);
        Assert.Contains("text: A message needs some text.", refused.Message);
    }

    [Fact]
    public async Task SendMessageStreaming_GivesTheMessageThenTheReplyDeltaByDeltaThenCompleted()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");

        var events = new List<ReplyEvent>();
        await foreach (var replyEvent in ann.Client.SendMessageStreamingAsync(room.Id, "What is a warbler?", "q1"))
        {
            events.Add(replyEvent);
        }

        var stored = Assert.IsType<MessageStored>(events[0]).Message;
        var started = Assert.IsType<ReplyStarted>(events[1]).Reply;
        var deltas = events.Skip(2).SkipLast(1).Select(e => Assert.IsType<ReplyDelta>(e)).ToList();
        var completed = Assert.IsType<ReplyCompleted>(events[^1]).Reply;
        Assert.Equal(("What is a warbler?", "q1"), (stored.Text, stored.ClientMessageId));
        Assert.Equal((true, true, stored.Id), (started.IsStreaming, started.IsFromBot, started.ReplyTo!.Value));
        Assert.True(deltas.Count >= 2, $"The reply came in {deltas.Count} delta(s).");
        Assert.All(deltas, d => Assert.Equal(started.Id, d.MessageId));
        Assert.Equal("Hello from the fake upstream.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal((MessageStatuses.Complete, "Hello from the fake upstream."), (completed.Status, completed.Text));
        Assert.Equal(completed, (await ann.Client.GetMessagesAsync(room.Id)).Messages[^1]);
    }

    [Fact]
    public async Task SendMessageStreaming_WhenTheProviderRefuses_EndsWithAFailedReplySayingWhy()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        _host.Upstream.Enqueue(FakeUpstream.UpstreamScript.Fail(400, "The fake upstream refused the request."));

        var failed = await LastAsync(ann.Client.SendMessageStreamingAsync(room.Id, "Hello?"));

        Assert.Equal(MessageStatuses.Failed, failed.Status);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
    }

    [Fact]
    public async Task RegenerateReplyStreaming_WritesTheReplyAgain()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        var first = await LastAsync(ann.Client.SendMessageStreamingAsync(room.Id, "Tell me a joke"));
        _host.Upstream.Enqueue(FakeUpstream.UpstreamScript.Answer("A better joke."));

        var again = await LastAsync(ann.Client.RegenerateReplyStreamingAsync(room.Id, first.Id));

        Assert.Equal((first.Id, "A better joke.", 2), (again.Id, again.Text, again.Version));
    }

    [Fact]
    public async Task SendMessageStreaming_ToARoomTheCallerIsNotIn_Throws404WhenEnumerated()
    {
        using var ann = await _host.SignUpAsync("ann");

        var refused = await Assert.ThrowsAsync<WarblerApiException>(async () =>
        {
            await foreach (var _ in ann.Client.SendMessageStreamingAsync(Guid.NewGuid(), "Anyone?"))
            {
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task CancellingAStreamedReply_StopsFollowingIt_WhileTheServerFinishesTheReply()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        _host.Upstream.Enqueue(FakeUpstream.UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 20).Select(i => $"w{i} "))) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(100) });
        using var cancellation = new CancellationTokenSource();
        var seen = new List<ReplyEvent>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var replyEvent in ann.Client.SendMessageStreamingAsync(room.Id, "Count to twenty", cancellationToken: cancellation.Token))
            {
                seen.Add(replyEvent);
                if (replyEvent is ReplyDelta)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        var replyId = seen.OfType<ReplyStarted>().Single().Reply.Id;
        var finished = await WaitForAsync(ann.Client, room.Id, replyId, m => !m.IsStreaming);

        Assert.InRange(seen.OfType<ReplyDelta>().Count(), 1, 19);
        Assert.DoesNotContain(seen, e => e is ReplyCompleted);
        Assert.Equal((MessageStatuses.Complete, "w20 "), (finished.Status, finished.Text[^4..]));
    }

    [Fact]
    public async Task StopReply_KeepsWhatWasWritten()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        _host.Upstream.Enqueue(FakeUpstream.UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 50).Select(i => $"w{i} "))) with { Chunks = 50, ChunkDelay = TimeSpan.FromMilliseconds(100) });

        Message? stopped = null;
        await foreach (var replyEvent in ann.Client.SendMessageStreamingAsync(room.Id, "Count to fifty"))
        {
            if (replyEvent is ReplyDelta delta && stopped is null)
            {
                stopped = await ann.Client.StopReplyAsync(room.Id, delta.MessageId);
            }
        }

        Assert.Equal(MessageStatuses.Stopped, stopped!.Status);
        Assert.StartsWith("w1 ", stopped.Text);
        Assert.DoesNotContain("w50", stopped.Text);
    }

    [Fact]
    public async Task ACall_WithACancelledToken_ThrowsOperationCanceled()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ann.Client.ListRoomsAsync(cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ann.Client.GetMeAsync(cancelled.Token));
    }

    [Fact]
    public async Task Chat_InOneCall_AnswersAndGoesOnInTheSameConversation()
    {
        using var ann = await _host.SignUpAsync("ann");

        var first = await ann.Client.ChatAsync("Hi!");
        var second = await ann.Client.ChatAsync("And again", first.ConversationId);

        Assert.Equal("Hello from the fake upstream.", first.Reply);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(4, (await ann.Client.GetMessagesAsync(first.ConversationId)).Messages.Count);
    }

    private static string Describe(MessagePage page) => string.Join(' ', page.Messages.Select(m => m.Text)) + (page.HasMore ? " +" : "");

    private static async Task<Message> LastAsync(IAsyncEnumerable<ReplyEvent> events)
    {
        Message? completed = null;
        await foreach (var replyEvent in events)
        {
            if (replyEvent is ReplyCompleted done)
            {
                completed = done.Reply;
            }
        }

        return completed ?? throw new InvalidOperationException("The stream ended without a completed reply.");
    }

    private static async Task<Message> WaitForAsync(WarblerClient client, Guid roomId, long messageId, Func<Message, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var page = await client.GetMessagesAsync(roomId, cancellationToken: deadline.Token);
            if (page.Messages.FirstOrDefault(m => m.Id == messageId) is { } message && condition(message))
            {
                return message;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
