using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>
/// Recalling a message for everyone within <c>Chat:RecallWindow</c>, on a clock the test moves: the
/// default window's tests on the class's shared host, each other window on a host of its own.
/// </summary>
public sealed class RecallTests(ClockedHostFixture shared) : IClassFixture<ClockedHostFixture>
{
    private readonly FakeTimeProvider _clock = shared.Clock;

    [Fact]
    public async Task RecallMessage_WithinTheWindow_LeavesATombstoneForEveryoneAndTellsTheRoom()
    {
        var host = shared.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "My password is hunter2", "c1", null);
        var id = sent.GetProperty("id").GetInt64();
        using var edit = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}/messages/{id}", new { text = "My password is hunter2!" });
        _clock.Advance(TimeSpan.FromMinutes(1));

        var tombstone = await annHub.Connection.InvokeAsync<JsonElement>("RecallMessage", room, id);
        var deleted = await bobHub.WaitForAsync("messageDeleted");
        var again = await annHub.Connection.InvokeAsync<JsonElement>("RecallMessage", room, id);
        var stored = (await bob.Http.MessagesAsync(room)).Single();
        var versions = await bob.Http.GetFromJsonAsync<JsonElement>($"/api/rooms/{room}/messages/{id}/versions");
        using var editAfter = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}/messages/{id}", new { text = "Back again" });

        Assert.Equal(("recalled", "", id), (tombstone.GetProperty("status").GetString(), tombstone.GetProperty("text").GetString(), tombstone.GetProperty("id").GetInt64()));
        Assert.Equal((room, id), (deleted.Args[0].GetGuid(), deleted.MessageId));
        Assert.Equal(tombstone.GetRawText(), again.GetRawText());
        Assert.Equal(tombstone.GetRawText(), stored.GetRawText());
        Assert.Equal(0, versions.GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, editAfter.StatusCode);
        Assert.Equal("This message was recalled.", (await ProblemBody.ReadAsync(editAfter)).Detail);
        Assert.Single(bobHub.Events, e => e.Name == "messageDeleted");

        // Someone who was away learns of it when catching up from a message they had seen.
        await using var bobsLaptop = await bob.ConnectAsync();
        var page = await bobsLaptop.Connection.InvokeAsync<JsonElement>("CatchUp", room, id);
        Assert.Equal(tombstone.GetRawText(), page.GetProperty("messages").EnumerateArray().Single().GetRawText());
    }

    [Fact]
    public async Task RecallMessage_AfterTheWindow_IsRefusedOverTheHubAndRest()
    {
        var host = shared.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Too late to take back", "c1", null);
        var id = sent.GetProperty("id").GetInt64();
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<HubException>(() => annHub.Connection.InvokeAsync<JsonElement>("RecallMessage", room, id));
        using var response = await ann.Http.DeleteAsync($"/api/rooms/{room}/messages/{id}");

        Assert.EndsWith("A message can be recalled only within 2 minutes of being sent.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("A message can be recalled only within 2 minutes of being sent.", (await ProblemBody.ReadAsync(response)).Detail);
        Assert.Equal(sent.GetRawText(), (await bob.Http.MessagesAsync(room)).Single().GetRawText());
    }

    [Fact]
    public async Task RecallMessage_OfSomeoneElse_IsRefusedOverTheHubAndRest()
    {
        var host = shared.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var bobHub = await bob.ConnectAsync();
        var id = (await ann.Http.SendAsync(room, "Mine")).GetProperty("id").GetInt64();

        var refused = await Assert.ThrowsAsync<HubException>(() => bobHub.Connection.InvokeAsync<JsonElement>("RecallMessage", room, id));
        using var response = await bob.Http.DeleteAsync($"/api/rooms/{room}/messages/{id}");
        using var missing = await bob.Http.DeleteAsync($"/api/rooms/{room}/messages/{id + 1000}");

        Assert.EndsWith("Only the person who wrote a message may change or recall it.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Mine", (await ann.Http.MessagesAsync(room)).Single().GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("00:00:30", 29, true, null)]
    [InlineData("00:00:30", 31, false, "A message can be recalled only within 30 seconds of being sent.")]
    [InlineData("01:00:00", 3599, true, null)]
    [InlineData("00:00:00", 0, false, "Recalling messages is turned off on this server.")]
    public async Task RecallWindow_Configured_DecidesWhatCanBeRecalled(string window, int secondsLater, bool recalled, string? refusal)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(window, clock);
        var (ann, _, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        var id = (await ann.Http.SendAsync(room, "Maybe")).GetProperty("id").GetInt64();
        clock.Advance(TimeSpan.FromSeconds(secondsLater));

        using var response = await ann.Http.DeleteAsync($"/api/rooms/{room}/messages/{id}");

        Assert.Equal(recalled ? HttpStatusCode.OK : HttpStatusCode.Conflict, response.StatusCode);
        if (refusal is not null)
        {
            Assert.Equal(refusal, (await ProblemBody.ReadAsync(response)).Detail);
        }
    }

    [Fact]
    public async Task RecallMessage_WhileABotAnswersIt_StopsTheReplyAndLeavesItOutOfLaterContext()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 40).Select(i => $"w{i} "))) with { Chunks = 40, ChunkDelay = TimeSpan.FromMilliseconds(50) };
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var bobHub = await bob.ConnectAsync();
        var id = (await ann.Http.SendAsync(room, $"@{handle} a secret question")).GetProperty("id").GetInt64();
        var replyId = (await bobHub.WaitForAsync("messageDelta")).MessageId;

        using var recall = await ann.Http.DeleteAsync($"/api/rooms/{room}/messages/{id}");
        var stopped = await bobHub.WaitForCompletedAsync(replyId);
        await bobHub.WaitForAsync("messageDeleted");
        host.Upstream.Default = UpstreamScript.Answer();
        await ann.Http.SendAsync(room, $"@{handle} another question");
        await bobHub.WaitUntilAsync(events => events.Count(e => e.Name == "messageCompleted") == 2, "the second reply");

        Assert.Equal(HttpStatusCode.OK, recall.StatusCode);
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.DoesNotContain(host.LastPrompt(), m => m.Content.Contains("secret", StringComparison.Ordinal));
    }

    private static Task<GatewayHost> StartAsync(string window, FakeTimeProvider clock) => GatewayHost.StartAsync(
        configure: settings => settings["Chat:RecallWindow"] = window,
        services: services => services.AddSingleton<TimeProvider>(clock));
}
