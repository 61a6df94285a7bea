using System.Net;
using Microsoft.AspNetCore.SignalR;
using Warbler.Client.Errors;
using Warbler.Client.Realtime;
using Warbler.Client.Tests.Realtime;
using Warbler.Contracts.Messages;
using Warbler.Testing;

namespace Warbler.Client.Tests.Attachments;

/// <summary>Files in rooms through the client library: upload, send with a message, see them in history and events, download.</summary>
public sealed class AttachmentsTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    /// <summary>A real 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task UploadThenSend_TheMessageAndHistoryCarryTheFile_AndAMemberDownloadsTheSameBytes()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Photos", [bob.Id]);

        var uploaded = await ann.Client.UploadAttachmentAsync(room.Id, new MemoryStream(Png), "dot.png");
        var sent = await ann.Client.SendMessageWithAttachmentsAsync(room.Id, "", [uploaded.Id]);
        var history = await bob.Client.GetMessagesAsync(room.Id);
        await using var download = await bob.Client.DownloadAttachmentAsync(room.Id, uploaded.Id);
        using var bytes = new MemoryStream();
        await download.Content.CopyToAsync(bytes);

        Assert.Equal(("dot.png", "image/png", AttachmentKinds.Image, Png.Length, 1, 1), (uploaded.Name, uploaded.MediaType, uploaded.Kind, (int)uploaded.Size, uploaded.Width, uploaded.Height));
        Assert.Equal([uploaded], sent.Attachments!);
        Assert.Equal("", sent.Text);
        Assert.Equal([uploaded], Assert.Single(history.Messages).Attachments!);
        Assert.Equal(("image/png", "dot.png", (long?)Png.Length), (download.MediaType, download.FileName, download.Length));
        Assert.Equal(Png, bytes.ToArray());
    }

    [Fact]
    public async Task Upload_FromAStreamThatCannotSeek_IsStoredWhole()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Notes");
        var text = "# Plan\n\nShip it on Friday.\n"u8.ToArray();

        var uploaded = await ann.Client.UploadAttachmentAsync(room.Id, new ForwardOnlyStream(new MemoryStream(text)), "plan.md");
        await using var download = await ann.Client.DownloadAttachmentAsync(room.Id, uploaded.Id);
        using var bytes = new MemoryStream();
        await download.Content.CopyToAsync(bytes);

        Assert.Equal((text.Length, AttachmentKinds.Text), ((int)uploaded.Size, uploaded.Kind));
        Assert.Equal(text, bytes.ToArray());
    }

    [Fact]
    public async Task Download_ByANonMember_IsRefusedAsARoomTheyAreNotIn()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var eve = await _host.SignUpAsync("eve");
        var room = await ann.Client.CreateGroupRoomAsync("Private");
        var uploaded = await ann.Client.UploadAttachmentAsync(room.Id, new MemoryStream(Png), "dot.png");
        await ann.Client.SendMessageWithAttachmentsAsync(room.Id, "a dot", [uploaded.Id]);

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => eve.Client.DownloadAttachmentAsync(room.Id, uploaded.Id));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task Upload_WhoseContentDoesNotMatchItsName_IsRefusedWithTheReason()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateGroupRoomAsync("Notes");

        var refused = await Assert.ThrowsAsync<WarblerApiException>(
            () => ann.Client.UploadAttachmentAsync(room.Id, new MemoryStream("just some text"u8.ToArray()), "photo.png"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains("photo.png", Assert.Single(refused.Errors["file"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendOverTheHub_WithAFile_TheOtherMemberSeesTheMessageWithIt()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id]);
        await using var annLive = await RealtimeTests.ConnectAsync(ann);
        await using var bobLive = await RealtimeTests.ConnectAsync(bob);
        var bobSees = new RecordedEvents(bobLive);
        var uploaded = await ann.Client.UploadAttachmentAsync(room.Id, new MemoryStream(Png), "dot.png");

        var sent = await annLive.SendMessageWithAttachmentsAsync(room.Id, "look", [uploaded.Id], "c1");
        var seen = await bobSees.WaitForAsync<MessageCreatedEvent>();
        var again = await annLive.SendMessageWithAttachmentsAsync(room.Id, "look", [uploaded.Id], "c1");

        Assert.Equal([uploaded], sent.Attachments!);
        Assert.Equal((sent.Id, "look"), (seen.Message.Id, seen.Message.Text));
        Assert.Equal([uploaded], seen.Message.Attachments!);
        Assert.Equal(sent.Id, again.Id);
    }

    [Fact]
    public async Task SendOverTheHub_AnotherUsersUpload_IsRefusedWithAHubException()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var room = await ann.Client.CreateGroupRoomAsync("Team", [bob.Id]);
        await using var bobLive = await RealtimeTests.ConnectAsync(bob);
        var annsUpload = await ann.Client.UploadAttachmentAsync(room.Id, new MemoryStream(Png), "dot.png");

        var refused = await Assert.ThrowsAsync<HubException>(() => bobLive.SendMessageWithAttachmentsAsync(room.Id, "mine now", [annsUpload.Id]));

        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }
}
