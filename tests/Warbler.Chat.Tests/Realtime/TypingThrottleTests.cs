using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>A client that reports every key press does not flood the room: typing is passed on at most once a second per connection and room.</summary>
public sealed class TypingThrottleTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Typing_ManyTimesWithinASecond_IsAnnouncedOnceAndAgainAfterASecond()
    {
        await using var host = await GatewayHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(_clock));
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            await annHub.Connection.InvokeAsync("Typing", room);
        }

        // Typing goes out before the message does, so once Bob has the message he has every typing event sent before it.
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Done typing", "c1", null);
        await bobHub.WaitForAsync("messageCreated", e => e.RoomId == room);
        var announcedWithinTheSecond = bobHub.Events.Count(e => e.Name == "typing");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await annHub.Connection.InvokeAsync("Typing", room);
        var afterTheSecond = await bobHub.WaitUntilAsync(events => events.Count(e => e.Name == "typing") == 2, "a second typing event");

        Assert.Equal(1, announcedWithinTheSecond);
        Assert.All(afterTheSecond.Where(e => e.Name == "typing"), e => Assert.Equal((room, ann.Id), (e.Args[0].GetGuid(), e.Args[1].GetGuid())));
    }
}
