using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// Conversations with a bot: the server keeps the history and builds each request's context; a reply
/// that fails on <c>POST /chat</c> is answered with a status the caller can act on.
/// </summary>
public sealed class ConversationTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task DirectRoom_MultiTurn_UpstreamReceivesSystemPromptAndEarlierTurns()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle, systemPrompt: "Answer briefly.");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        host.Upstream.Enqueue(UpstreamScript.Answer("Paris."), UpstreamScript.Answer("About 2.1 million."));

        await ann.SendAsync(room, "What is the capital of France?");
        await ann.WaitForRepliesAsync(room, 1);
        await ann.SendAsync(room, "How many people live there?");
        var messages = await ann.WaitForRepliesAsync(room, 2);

        Assert.Equal(
            [("system", "Answer briefly."), ("user", "What is the capital of France?"), ("assistant", "Paris."), ("user", "How many people live there?")],
            host.LastPrompt());
        Assert.Equal(["What is the capital of France?", "Paris.", "How many people live there?", "About 2.1 million."], messages.Select(m => m.GetProperty("text").GetString()));
        Assert.All(messages.Where(m => m.GetProperty("sender").GetProperty("type").GetString() == "bot"), reply =>
        {
            Assert.Equal("complete", reply.GetProperty("status").GetString());
            Assert.Equal(7, reply.GetProperty("usage").GetProperty("completionTokens").GetInt32());
        });
    }

    [Fact]
    public async Task LongConversation_OverTheContextBudget_SendsOnlyWhatFitsKeepingSystemPromptAndNewestMessage()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        // Each 60-word message is about 63 tokens with its framing; the budget fits the system prompt and about three of them.
        await host.CreateBotAsync(handle, systemPrompt: "You keep context.", contextBudget: 256);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        for (var turn = 1; turn <= 6; turn++)
        {
            host.Upstream.Enqueue(UpstreamScript.Answer($"Reply {turn}."));
            await ann.SendAsync(room, $"Turn {turn}: " + string.Join(' ', Enumerable.Repeat("word", 60)));
            await ann.WaitForRepliesAsync(room, turn);
        }

        var prompt = host.LastPrompt();

        Assert.Equal(("system", "You keep context."), prompt[0]);
        Assert.StartsWith("Turn 6:", prompt[^1].Content, StringComparison.Ordinal);
        Assert.True(prompt.Count < 12, $"Everything was sent: {prompt.Count} messages");
        Assert.DoesNotContain(prompt, m => m.Content.StartsWith("Turn 1:", StringComparison.Ordinal));
        // What is sent is the newest part of the history, without gaps.
        var history = (await ann.MessagesAsync(room)).Select(m => m.GetProperty("text").GetString()!).ToList();
        var sent = prompt.Skip(1).Select(m => m.Content).ToList();
        Assert.Equal(history[^(sent.Count + 1)..^1], sent);
    }

    [Fact]
    public async Task NewestMessage_AloneOverTheBudget_IsStillSent()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle, systemPrompt: "Be short.", contextBudget: 256);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        var huge = string.Join(' ', Enumerable.Repeat("long", 1000));

        await ann.SendAsync(room, huge);
        await ann.WaitForRepliesAsync(room);

        Assert.Equal([("system", "Be short."), ("user", huge)], host.LastPrompt());
    }

    [Fact]
    public async Task Send_RetriedWithTheSameClientMessageId_StoresOneMessageAndOneReply()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);

        var sends = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Only once, please.", clientMessageId = "client-42" })));
        var ids = new List<long>();
        foreach (var response in sends)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}");
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var messages = await ann.WaitForRepliesAsync(room);

        Assert.Single(ids.Distinct());
        Assert.Single(sends, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(2, messages.Count);
        Assert.Equal("client-42", messages[0].GetProperty("clientMessageId").GetString());
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Chat_SameConversationId_KeepsContextAcrossCalls()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:DefaultModel"] = "gpt-4o-mini");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        host.Upstream.Enqueue(UpstreamScript.Answer("Nice to meet you, Ann."), UpstreamScript.Answer("Your name is Ann."));

        using var first = await ann.PostAsJsonAsync("/chat", new { message = "My name is Ann." });
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var conversationId = firstBody.GetProperty("conversationId").GetGuid();
        using var second = await ann.PostAsJsonAsync("/chat", new { message = "What is my name?", conversationId });
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Nice to meet you, Ann.", firstBody.GetProperty("reply").GetString());
        Assert.Equal("Your name is Ann.", secondBody.GetProperty("reply").GetString());
        Assert.Equal(conversationId, secondBody.GetProperty("conversationId").GetGuid());
        var prompt = host.LastPrompt();
        Assert.Equal([("user", "My name is Ann."), ("assistant", "Nice to meet you, Ann."), ("user", "What is my name?")], prompt.Skip(1));
    }

    [Fact]
    public async Task Chat_AnotherUsersConversation_Is404()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        using var bob = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("bob"));
        var conversationId = (await (await ann.PostAsJsonAsync("/chat", new { message = "Hi" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetGuid();

        using var response = await bob.PostAsJsonAsync("/chat", new { message = "Let me in", conversationId });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Chat_OverTheUsersBotRepliesPerMinute_Is429WithRetryAfter()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:UserLimits:BotRequestsPerMinute"] = "1");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        using var first = await ann.PostAsJsonAsync("/chat", new { message = "Hello" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var refused = await ann.PostAsJsonAsync("/chat", new { message = "Hello again" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var problem = await ProblemBody.ReadAsync(refused);
        Assert.Equal("Your limit on bot replies is reached", problem.Title);
        Assert.StartsWith("You have asked bots for too many replies in the last minute. Try again in ", problem.Detail, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Chat_OverTheUsersTokensForTheDay_Is429WithRetryAfterUntilTheyRenew()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:UserLimits:TokensPerDay"] = "5");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));

        using var refused = await ann.PostAsJsonAsync("/chat", new { message = "Hello" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        var problem = await ProblemBody.ReadAsync(refused);
        Assert.StartsWith("You have used up your tokens for today", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Chat_UpstreamFailsWith500_Is502_ThenWhileTheProviderCoolsDown_Is503WithRetryAfter()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:01:00";
        });
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        host.Upstream.Enqueue(UpstreamScript.Fail(500));

        using var failed = await ann.PostAsJsonAsync("/chat", new { message = "Hello" });

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Null(failed.Headers.RetryAfter);
        var problem = await ProblemBody.ReadAsync(failed);
        Assert.Equal("The bot could not reply", problem.Title);
        Assert.Equal("The AI provider 'primary' is not available right now (HTTP 500). Try again later.", problem.Detail);

        using var coolingDown = await ann.PostAsJsonAsync("/chat", new { message = "Hello again" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, coolingDown.StatusCode);
        Assert.InRange(coolingDown.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        problem = await ProblemBody.ReadAsync(coolingDown);
        Assert.Equal("No AI provider can answer now", problem.Title);
        Assert.StartsWith("No AI provider of 'gpt-4o-mini' is available right now. Try again in ", problem.Detail, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Chat_UpstreamTooSlowToAnswer_Is504()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Providers:primary:Timeouts:FirstByte"] = "00:00:00.300";
        });
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        host.Upstream.Enqueue(UpstreamScript.Answer() with { DelayBeforeHeaders = TimeSpan.FromSeconds(3) });

        using var failed = await ann.PostAsJsonAsync("/chat", new { message = "Hello" });

        Assert.Equal(HttpStatusCode.GatewayTimeout, failed.StatusCode);
        Assert.Equal("The AI provider did not answer in time", (await ProblemBody.ReadAsync(failed)).Title);
    }
}
