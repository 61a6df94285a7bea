using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>Knowledge bases tried offline: the demo provider embeds the documents and answers from the passage it is given.</summary>
public sealed class DemoKnowledgeTests
{
    [Fact]
    public async Task Reply_DemoProviderOnly_QuotesThePassageThatAnswersAndNamesItsSource()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();
        await admin.UploadAsync(knowledgeBase, "handbook.md", """
            # Holidays

            Staff get 25 days of paid holiday a year, and the office closes between Christmas and New Year.

            # Expenses

            Keep every receipt; claims are paid with the next salary.
            """);
        await admin.UploadAsync(knowledgeBase, "security.md", "# Badges\n\nWear your badge at all times; a lost badge is replaced at the front desk.");
        await admin.WaitUntilReadyAsync(knowledgeBase);
        var handle = RoomsClient.NewHandle();
        var bot = await host.CreateBotAsync(handle, model: "demo");
        await admin.AttachAsync(bot, knowledgeBase);
        using var user = await host.RegisterAndLoginAsync(ChatUsers.NewEmail());
        var room = await user.CreateRoomAsync("direct", bots: [handle]);

        await user.SendAsync(room, "How many days of holiday do staff get?");
        var reply = (await user.WaitForRepliesAsync(room))[1];

        Assert.Contains("From handbook.md › Holidays [1]: \"Staff get 25 days of paid holiday a year", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("handbook.md", reply.GetProperty("sources")[0].GetProperty("documentName").GetString());
    }
}
