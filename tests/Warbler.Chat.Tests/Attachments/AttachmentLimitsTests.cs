using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Attachments;

/// <summary>Attachments under small limits, sent over the hub, and the sweep of uploads never sent on a clock the tests move.</summary>
public sealed class AttachmentLimitsTests(AttachmentLimitsTests.Fixture fixture) : IClassFixture<AttachmentLimitsTests.Fixture>
{
    private const int MaxFileBytes = 64 * 1024;

    [Fact]
    public async Task Upload_OverTheSizeLimit_Is413AndNothingIsStored()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Big");

        using var response = await ann.UploadAsync(room, "big.txt", System.Text.Encoding.UTF8.GetBytes(new string('a', MaxFileBytes + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal([$"The file is larger than the limit of {MaxFileBytes} bytes."], (await ProblemBody.ReadAsync(response)).Errors["file"]);
        Assert.Equal(0, await host.StoredAttachmentsAsync(room));
        Assert.Empty(host.FilesOfRoom(room));
    }

    [Fact]
    public async Task Send_MoreFilesThanAllowed_Is400()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Many");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ann.UploadOkAsync(room, $"{i}.txt", "x"u8.ToArray())).GetProperty("id").GetGuid());
        }

        using var response = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Three", clientMessageId = "m1", attachmentIds = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["A message may carry at most 2 files (this one has 3)."], (await ProblemBody.ReadAsync(response)).Errors["attachmentIds"]);
    }

    [Fact]
    public async Task SendMessageWithAttachments_OverTheHub_TheRoomSeesTheFilesInItsEvents()
    {
        var host = fixture.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        var file = await ann.Http.UploadOkAsync(room, "plan.md", "# Plan"u8.ToArray());
        var id = file.GetProperty("id").GetGuid();

        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessageWithAttachments", room, "", "h1", null, new[] { id });
        var created = await bobHub.WaitForAsync("messageCreated", e => e.MessageId == sent.GetProperty("id").GetInt64());
        var refused = await Assert.ThrowsAsync<HubException>(() => bobHub.Connection.InvokeAsync<JsonElement>("SendMessageWithAttachments", room, "Mine now", "h2", null, new[] { id }));
        var caughtUp = await bobHub.Connection.InvokeAsync<JsonElement>("CatchUp", room, sent.GetProperty("id").GetInt64() - 1);

        Assert.Equal(file.GetRawText(), sent.GetProperty("attachments").EnumerateArray().Single().GetRawText());
        Assert.Equal(file.GetRawText(), created.Message.GetProperty("attachments").EnumerateArray().Single().GetRawText());
        Assert.EndsWith("Send only files you uploaded to this room and have not sent with another message.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(file.GetRawText(), caughtUp.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == sent.GetProperty("id").GetInt64())
            .GetProperty("attachments").EnumerateArray().Single().GetRawText());
    }

    [Fact]
    public async Task UploadNeverSent_IsRemovedOnceItOutlivesItsLifetime()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Forgotten");
        var forgotten = (await ann.UploadOkAsync(room, "forgotten.txt", "left behind"u8.ToArray())).GetProperty("id").GetGuid();
        var sentFile = (await ann.UploadOkAsync(room, "sent.txt", "kept"u8.ToArray())).GetProperty("id").GetGuid();
        await ann.SendWithFilesAsync(room, "Keep this one", sentFile);

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Eventually.UntilAsync(async () => !await host.IsStoredAsync(room, forgotten), because: "the unsent upload to be removed");

        Assert.Equal(1, await host.StoredAttachmentsAsync(room));
        Assert.True(await host.IsStoredAsync(room, sentFile));
    }

    /// <summary>One host with small limits (64 KiB a file, 2 a message), unsent uploads kept an hour and swept every minute, on a fake clock.</summary>
    public sealed class Fixture : SharedHostFixture
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(
            configure: settings =>
            {
                settings["Chat:Files:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
                settings["Chat:Files:MaxFilesPerMessage"] = "2";
                settings["Chat:Attachments:UnsentLifetime"] = "01:00:00";
                settings["Chat:Attachments:SweepInterval"] = "00:01:00";
            },
            services: services => services.AddSingleton<TimeProvider>(Clock));
    }
}
