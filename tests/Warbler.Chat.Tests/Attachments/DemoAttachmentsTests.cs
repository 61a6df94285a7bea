using Warbler.Chat.Tests.Files;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Attachments;

/// <summary>With no provider configured, the offline demo plays along: it reads every image and says what it was sent.</summary>
public sealed class DemoAttachmentsTests
{
    [Fact]
    public async Task DemoBot_SentAnImage_SaysItsTypeSizeAndDimensions()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: ["assistant"]);
        var png = TestImages.Png(640, 480);
        var image = (await ann.UploadOkAsync(room, "screen.png", png)).GetProperty("id").GetGuid();

        await ann.SendWithFilesAsync(room, "What do you see?", image);
        var reply = (await ann.WaitForRepliesAsync(room))[1];

        Assert.Equal("complete", reply.GetProperty("status").GetString());
        Assert.Contains($"I was sent a 640×480 PNG image, {(png.Length < 1024 ? $"{png.Length} bytes" : $"{Math.Round(png.Length / 1024.0):0} KB")}.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("You said: \"What do you see?\"", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
