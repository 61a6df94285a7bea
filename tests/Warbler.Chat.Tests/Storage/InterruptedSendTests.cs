using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// A send that asks a bot, refused because the database failed between storing the message and
/// storing the bot's reply (<see cref="BotReplyFault"/>): the sender gets 503 and, as it says,
/// nothing was changed, so the retry with the same <c>clientMessageId</c> stores the message once
/// and the bot answers it; a plain duplicate retry after that tells nobody again and starts no
/// second reply. Over REST and over the hub.
/// </summary>
public sealed class InterruptedSendTests
{
    [Fact]
    public async Task Send_RefusedWhileTheBotsReplyCannotBeStored_TheRetryIsAnsweredOnce_AndAnotherRetryStartsNothing()
    {
        var database = TestDatabase.CreateNew();
        try
        {
            await RefuseThenRetryAsync(database);
        }
        finally
        {
            // Not handed on to other tests: this one changed the schema.
            database.Delete();
        }
    }

    private static async Task RefuseThenRetryAsync(TestDatabase database)
    {
        await using var host = await GatewayHost.StartAsync(database: database);
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await ChatMember.SignUpAsync(host, "ann");
        var room = await ann.Http.CreateRoomAsync("group", bots: [handle], title: "Interrupted");
        await using var hub = await ann.ConnectAsync();
        var overRest = new { text = $"@{handle} first, over REST", clientMessageId = "rest-1" };
        var overHubText = $"@{handle} second, over the hub";

        await using (await BotReplyFault.StartAsync(database))
        {
            using var refused = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", overRest);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("The database is busy or unavailable.", (await ProblemBody.ReadAsync(refused)).Title);

            var hubRefusal = await Assert.ThrowsAsync<HubException>(() => SendOverHubAsync(hub, room, overHubText, "hub-1"));
            Assert.Contains("The database is busy or unavailable.", hubRefusal.Message, StringComparison.Ordinal);

            Assert.Empty(await ann.Http.MessagesAsync(room));
        }

        // The retries, once the database stores replies again: each message stored, and answered.
        long restId, hubId;
        using (var retried = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", overRest))
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            restId = (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        hubId = (await SendOverHubAsync(hub, room, overHubText, "hub-1")).GetProperty("id").GetInt64();
        var restReply = await ReplyCreatedAsync(hub, restId);
        var hubReply = await ReplyCreatedAsync(hub, hubId);
        Assert.Equal("complete", (await hub.WaitForCompletedAsync(restReply)).GetProperty("status").GetString());
        Assert.Equal("complete", (await hub.WaitForCompletedAsync(hubReply)).GetProperty("status").GetString());

        // Plain duplicates: the stored messages again.
        using (var duplicate = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", overRest))
        {
            Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
            Assert.Equal(restId, (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        Assert.Equal(hubId, (await SendOverHubAsync(hub, room, overHubText, "hub-1")).GetProperty("id").GetInt64());

        // The bot answers a room's messages one at a time, in order: once this later one is
        // answered, a reply the duplicates had started would have been announced and written.
        var later = (await ann.Http.SendAsync(room, $"@{handle} third", "later")).GetProperty("id").GetInt64();
        await hub.WaitForCompletedAsync(await ReplyCreatedAsync(hub, later));

        var messages = await ann.Http.MessagesAsync(room);
        Assert.Equal(
            [("user", restId), ("bot", restId), ("user", hubId), ("bot", hubId), ("user", later), ("bot", later)],
            messages.Select(m => (m.GetProperty("sender").GetProperty("type").GetString(), Answered(m))));
        Assert.All(messages.Where(m => m.GetProperty("sender").GetProperty("type").GetString() == "bot"), reply =>
            Assert.Equal(("complete", "Hello from the fake upstream."), (reply.GetProperty("status").GetString(), reply.GetProperty("text").GetString())));
        var announced = hub.EventsOf(room).Where(e => e.Name == "messageCreated").Select(e => e.MessageId).ToList();
        Assert.Equal(messages.Select(m => m.GetProperty("id").GetInt64()), announced);
        Assert.Equal(3, host.Upstream.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)));
    }

    private static Task<JsonElement> SendOverHubAsync(HubClient hub, Guid room, string text, string clientMessageId) =>
        hub.Connection.InvokeAsync<JsonElement>("SendMessage", room, text, clientMessageId, null);

    /// <summary>The id of the bot reply to a message, once the hub announces it.</summary>
    private static async Task<long> ReplyCreatedAsync(HubClient hub, long messageId) =>
        (await hub.WaitForAsync("messageCreated", e => e.Message.GetProperty("sender").GetProperty("type").GetString() == "bot"
            && e.Message.GetProperty("replyTo").GetInt64() == messageId)).MessageId;

    /// <summary>A person's message by its own id, a bot's reply by the id of the message it answers.</summary>
    private static long Answered(JsonElement message) =>
        message.GetProperty("sender").GetProperty("type").GetString() == "bot" ? message.GetProperty("replyTo").GetInt64() : message.GetProperty("id").GetInt64();
}
