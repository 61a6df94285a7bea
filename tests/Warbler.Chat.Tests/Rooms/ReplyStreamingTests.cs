using System.Net;
using System.Text;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>Bot replies streamed over SSE, stopped, regenerated, and written again after an edit; each stored as the API returned it.</summary>
public sealed class ReplyStreamingTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private const string FakeText = "Hello from the fake upstream.";

    [Fact]
    public async Task Send_WithStream_GivesTheMessageThenTheReplysDeltasThenTheReplyAsStored()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);

        using var response = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages?stream=true", new { text = "Hi there", clientMessageId = "c1" });
        var events = RoomsClient.ParseEvents(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["message", "reply", "delta", "delta", "delta", "delta", "delta", "completed", "done"], events.Select(e => e.Event));
        Assert.Equal("Hi there", events[0].Data.GetProperty("text").GetString());
        Assert.Equal("streaming", events[1].Data.GetProperty("status").GetString());
        var replyId = events[1].Data.GetProperty("id").GetInt64();
        Assert.All(events.Where(e => e.Event == "delta"), e => Assert.Equal(replyId, e.Data.GetProperty("messageId").GetInt64()));
        Assert.Equal(FakeText, string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        var completed = events[^2].Data;
        Assert.Equal(("complete", FakeText), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        var stored = (await ann.MessagesAsync(room)).Single(m => m.GetProperty("id").GetInt64() == replyId);
        Assert.Equal(completed.GetRawText(), stored.GetRawText());
    }

    [Fact]
    public async Task Send_WithStream_CallerLeavesEarly_TheReplyIsStillWrittenAndStored()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { ChunkDelay = TimeSpan.FromMilliseconds(30) };
        var (ann, room) = await StartDirectRoomAsync(host);

        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/messages?stream=true") { Content = JsonContent.Create(new { text = "Hi", clientMessageId = "c1" }) })
        using (var response = await ann.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("event: message", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        var messages = await ann.WaitForRepliesAsync(room);

        Assert.Equal(("complete", FakeText), (messages[1].GetProperty("status").GetString(), messages[1].GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Stop_WhileTheReplyStreams_KeepsWhatWasWrittenAndStopsTheUpstream()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 40).Select(i => $"w{i} "))) with { Chunks = 40, ChunkDelay = TimeSpan.FromMilliseconds(50) };
        var (ann, room) = await StartDirectRoomAsync(host);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/messages?stream=true") { Content = JsonContent.Create(new { text = "Count", clientMessageId = "c1" }) };
        using var response = await ann.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new StringBuilder();
        long replyId = 0;
        var deltas = 0;
        while (deltas < 3)
        {
            var (name, data) = await ReadEventAsync(reader);
            if (name == "reply")
            {
                replyId = data.GetProperty("id").GetInt64();
            }
            else if (name == "delta")
            {
                seen.Append(data.GetProperty("text").GetString());
                deltas++;
            }
        }

        using var stop = await ann.PostAsync($"/api/rooms/{room}/messages/{replyId}/stop", null);
        var stopped = await stop.Content.ReadFromJsonAsync<JsonElement>();
        var rest = RoomsClient.ParseEvents(await reader.ReadToEndAsync());

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        var kept = stopped.GetProperty("text").GetString()!;
        Assert.StartsWith(seen.ToString(), kept, StringComparison.Ordinal);
        Assert.True(kept.Length < 40 * 4, $"The whole reply was written: {kept}");
        Assert.Equal(["completed", "done"], rest.Select(e => e.Event).Where(e => e != "delta"));
        Assert.Equal(stopped.GetRawText(), rest.Single(e => e.Event == "completed").Data.GetRawText());
        Assert.Equal(stopped.GetRawText(), (await ann.MessagesAsync(room)).Single(m => m.GetProperty("id").GetInt64() == replyId).GetRawText());
        Assert.True(stopped.GetProperty("usage").GetProperty("estimated").GetBoolean());
        await host.Upstream.WaitForAbortAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stop_AFinishedReply_ReturnsItUnchanged()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);
        await ann.SendAsync(room, "Hi");
        var reply = (await ann.WaitForRepliesAsync(room))[1];

        using var stop = await ann.PostAsync($"/api/rooms/{room}/messages/{reply.GetProperty("id").GetInt64()}/stop", null);

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(reply.GetRawText(), (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task Regenerate_AReply_WritesItAgainFromTheSameContextAndKeepsTheEarlierVersion()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);
        host.Upstream.Enqueue(UpstreamScript.Answer("First try."), UpstreamScript.Answer("Second try."));
        await ann.SendAsync(room, "Tell me a joke");
        var reply = (await ann.WaitForRepliesAsync(room))[1];
        var replyId = reply.GetProperty("id").GetInt64();
        var firstPrompt = host.LastPrompt();

        using var response = await ann.PostAsync($"/api/rooms/{room}/messages/{replyId}/regenerate?stream=true", null);
        var events = RoomsClient.ParseEvents(await response.Content.ReadAsStringAsync());
        var versions = await ann.GetFromJsonAsync<JsonElement>($"/api/rooms/{room}/messages/{replyId}/versions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reply", events[0].Event);
        Assert.Equal(("streaming", ""), (events[0].Data.GetProperty("status").GetString(), events[0].Data.GetProperty("text").GetString()));
        var completed = events.Single(e => e.Event == "completed").Data;
        Assert.Equal(("Second try.", 2, replyId), (completed.GetProperty("text").GetString(), completed.GetProperty("version").GetInt32(), completed.GetProperty("id").GetInt64()));
        Assert.Equal(firstPrompt, host.LastPrompt());
        Assert.Equal(completed.GetRawText(), (await ann.MessagesAsync(room))[1].GetRawText());
        Assert.Equal(("First try.", 1), (versions[0].GetProperty("text").GetString(), versions[0].GetProperty("version").GetInt32()));
        Assert.Equal(2, (await ann.MessagesAsync(room)).Count);
    }

    [Fact]
    public async Task Regenerate_AUsersMessage_Is400()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);
        var sent = await ann.SendAsync(room, "Hi");
        await ann.WaitForRepliesAsync(room);

        using var response = await ann.PostAsync($"/api/rooms/{room}/messages/{sent.GetProperty("id").GetInt64()}/regenerate", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Edit_TheLastUserMessage_StoresTheNewTextAndWritesTheReplyAgain()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);
        host.Upstream.Enqueue(UpstreamScript.Answer("Berlin is big."), UpstreamScript.Answer("Paris is lovely."));
        var sent = await ann.SendAsync(room, "Tell me about Berlin");
        await ann.WaitForRepliesAsync(room);
        var messageId = sent.GetProperty("id").GetInt64();

        using var edit = await ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{messageId}", new { text = "Tell me about Paris" });
        var edited = await edit.Content.ReadFromJsonAsync<JsonElement>();
        var messages = await ann.WaitForRepliesAsync(room);
        var versions = await ann.GetFromJsonAsync<JsonElement>($"/api/rooms/{room}/messages/{messageId}/versions");

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(("Tell me about Paris", 2), (edited.GetProperty("text").GetString(), edited.GetProperty("version").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        Assert.Equal(edited.GetRawText(), messages[0].GetRawText());
        Assert.Equal(("Paris is lovely.", 2), (messages[1].GetProperty("text").GetString(), messages[1].GetProperty("version").GetInt32()));
        Assert.Equal(("user", "Tell me about Paris"), host.LastPrompt()[^1]);
        Assert.Equal("Tell me about Berlin", versions[0].GetProperty("text").GetString());
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task Edit_AnEarlierMessage_ChangesItsTextOnly()
    {
        var host = fixture.Fresh();
        var (ann, room) = await StartDirectRoomAsync(host);
        var first = await ann.SendAsync(room, "One");
        await ann.WaitForRepliesAsync(room, 1);
        await ann.SendAsync(room, "Two");
        await ann.WaitForRepliesAsync(room, 2);
        var calls = host.Upstream.Requests.Count;

        using var edit = await ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{first.GetProperty("id").GetInt64()}", new { text = "One, edited" });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(calls, host.Upstream.Requests.Count);
        Assert.Equal("One, edited", (await ann.MessagesAsync(room))[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reply_ProviderFails_IsStoredAsFailedWithAReasonPeopleUnderstand()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Gateway:Retry:MaxRetries"] = "0");
        host.Upstream.Default = UpstreamScript.Fail(503);
        var (ann, room) = await StartDirectRoomAsync(host);

        await ann.SendAsync(room, "Hello?");
        var reply = (await ann.WaitForRepliesAsync(room))[1];

        Assert.Equal("failed", reply.GetProperty("status").GetString());
        Assert.Contains("'primary' is not available right now (HTTP 503)", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    internal static async Task<(HttpClient Client, Guid Room)> StartDirectRoomAsync(GatewayHost host)
    {
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        return (ann, await ann.CreateRoomAsync("direct", bots: [handle]));
    }

    internal static async Task<(string Event, JsonElement Data)> ReadEventAsync(StreamReader reader)
    {
        var block = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && block.Length > 0)
            {
                return RoomsClient.ParseEvents(block.ToString()).Single();
            }

            block.Append(line).Append('\n');
        }

        throw new InvalidOperationException("The stream ended.");
    }
}
