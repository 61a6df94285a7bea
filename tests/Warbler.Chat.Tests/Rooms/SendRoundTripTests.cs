using System.Net;
using Warbler.Testing;
using Xunit.Abstractions;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// How many database commands a send costs before its answer, so that a change which adds a round
/// trip to every message is seen. Counted on the request's own context: the bot reply it sets going
/// is written in the background and does not count.
/// </summary>
public sealed class SendRoundTripTests(ITestOutputHelper output)
{
    /// <summary>The room with its bots, the sender's name and the retry check in one query; the transaction's room lock, message, reply and read position.</summary>
    private const int MaxCommandsForASend = 5;

    [Fact]
    public async Task Send_InADirectRoomWithABot_IssuesAtMostFiveCommandsBeforeThe201()
    {
        var counter = new RequestCommandCounter();
        var log = new LogCapture();
        await using var host = await GatewayHost.StartAsync(services: counter.AddTo, logger: log);
        var bot = RoomsClient.NewHandle();
        await host.CreateBotAsync(bot);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [bot]);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/messages")
        {
            Content = JsonContent.Create(new { text = "Hello", clientMessageId = "counted" }),
        };
        request.Headers.Add(RequestCommandCounter.Header, "send");
        using var response = await ann.SendAsync(request);
        var commands = await counter.CommandsOfAsync("send");
        output.WriteLine($"{commands.Count} commands:\n{string.Join("\n---\n", commands)}");

        // On a failure, the server's exception says why.
        Assert.True(response.StatusCode == HttpStatusCode.Created, string.Join("\n", log.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal))));
        Assert.True(commands.Count <= MaxCommandsForASend, $"A send issued {commands.Count} commands:\n{string.Join("\n---\n", commands)}");
        await ann.WaitForRepliesAsync(room);
    }
}
