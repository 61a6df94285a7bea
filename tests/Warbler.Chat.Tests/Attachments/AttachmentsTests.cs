using System.Net;
using System.Text.Json;
using Warbler.Chat.Tests.Files;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Attachments;

/// <summary>
/// Files on messages, end to end: uploaded to a room, sent with a message, shown with it, read by
/// its bot (images as image parts, documents as named text within the budget), downloaded by members
/// only, and removed with the message or the room.
/// </summary>
public sealed class AttachmentsTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task ImageSentToBot_ReachesTheUpstreamAsAnImagePart()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        var png = TestImages.Png(64, 48);
        host.Upstream.Enqueue(UpstreamScript.Answer("A grey square."));

        var uploaded = await ann.UploadOkAsync(room, "square.png", png);
        var sent = await ann.SendWithFilesAsync(room, "What is in this picture?", uploaded.GetProperty("id").GetGuid());
        var messages = await ann.WaitForRepliesAsync(room);

        Assert.Equal(("square.png", "image/png", "image", png.Length, 64, 48), Shape(uploaded));
        Assert.Equal(uploaded.GetRawText(), sent.GetProperty("attachments").EnumerateArray().Single().GetRawText());
        Assert.Equal(uploaded.GetRawText(), messages[0].GetProperty("attachments").EnumerateArray().Single().GetRawText());
        Assert.Equal("A grey square.", messages[1].GetProperty("text").GetString());
        var parts = host.LastUserContent().EnumerateArray().ToList();
        Assert.Equal(("text", "What is in this picture?"), (parts[0].GetProperty("type").GetString(), parts[0].GetProperty("text").GetString()));
        Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), parts[1].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task ImageForAModelOfAnAnthropicProvider_ReachesItAsABase64ImageBlock()
    {
        var host = fixture.Fresh();
        var model = "claude-3-5-sonnet-" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = host.CreateAdminClient())
        {
            using var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "anthropic-" + model[^8..], kind = "anthropic", baseUrl = host.Upstream.BaseUrl, apiKey = "sk-ant-test", models = new[] { model }, priority = -1 });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle, model: model);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        var png = TestImages.Png(10, 20);
        var image = (await ann.UploadOkAsync(room, "tall.png", png)).GetProperty("id").GetGuid();

        await ann.SendWithFilesAsync(room, "Describe it.", image);
        var reply = (await ann.WaitForRepliesAsync(room))[1];

        Assert.Equal("complete", reply.GetProperty("status").GetString());
        var request = host.Upstream.Requests.Last(r => r.Path.EndsWith("/messages", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        var blocks = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(("text", "Describe it."), (blocks[0].GetProperty("type").GetString(), blocks[0].GetProperty("text").GetString()));
        var source = blocks[1].GetProperty("source");
        Assert.Equal(("image", "base64", "image/png", Convert.ToBase64String(png)), (
            blocks[1].GetProperty("type").GetString(), source.GetProperty("type").GetString(), source.GetProperty("media_type").GetString(), source.GetProperty("data").GetString()));
    }

    [Fact]
    public async Task PdfAndDocx_TheirTextReachesTheUpstreamNamed()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);

        var pdf = await ann.UploadOkAsync(room, "report.pdf", TestDocuments.Pdf("Quarterly revenue rose by 12 percent."));
        var docx = await ann.UploadOkAsync(room, "notes.docx", TestDocuments.Docx((null, "The launch moves to March."), (null, "Ask Priya about the budget.")));
        await ann.SendWithFilesAsync(room, "Summarise these.", pdf.GetProperty("id").GetGuid(), docx.GetProperty("id").GetGuid());
        await ann.WaitForRepliesAsync(room);

        var prompt = host.LastPrompt();
        var content = prompt[^1].Content;
        Assert.Equal(("document", "application/pdf"), (pdf.GetProperty("kind").GetString(), pdf.GetProperty("mediaType").GetString()));
        Assert.Equal("document", docx.GetProperty("kind").GetString());
        Assert.StartsWith("Summarise these.\n\nAttached file report.pdf:\nQuarterly revenue rose by 12 percent.", content, StringComparison.Ordinal);
        Assert.Contains("\n\nAttached file notes.docx:\nThe launch moves to March.", content, StringComparison.Ordinal);
        Assert.Contains("Ask Priya about the budget.", content, StringComparison.Ordinal);
        Assert.DoesNotContain("did not fit", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentOverTheBudget_IsCutAndTheContextSaysHowMuchDidNotFit()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle, systemPrompt: "Read.", contextBudget: 400);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        await ann.SendAsync(room, "An earlier question.");
        await ann.WaitForRepliesAsync(room, 1);
        var words = string.Join(' ', Enumerable.Range(1, 2000).Select(i => $"w{i}"));

        var file = await ann.UploadOkAsync(room, "long.txt", System.Text.Encoding.UTF8.GetBytes(words));
        await ann.SendWithFilesAsync(room, "What does it say?", file.GetProperty("id").GetGuid());
        await ann.WaitForRepliesAsync(room, 2);

        var prompt = host.LastPrompt();
        var content = prompt[^1].Content;
        Assert.StartsWith("What does it say?\n\nAttached file long.txt:\nw1 w2 w3", content, StringComparison.Ordinal);
        Assert.Matches(@"\n\[the rest of long\.txt, about [0-9,]+ tokens, did not fit\]$", content);
        Assert.DoesNotContain("w2000", content, StringComparison.Ordinal);

        // The cut document ends the context: nothing older is sent after it.
        Assert.Equal(["system", "user"], prompt.Select(m => m.Role));
    }

    [Fact]
    public async Task Download_ByAMember_ServesTheFileWithSafeHeaders_AndANonMemberGets404()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        using var eve = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));
        var room = await ann.CreateRoomAsync("group", title: "Files");
        var png = TestImages.Png(8, 8);
        var image = await ann.UploadOkAsync(room, "dot.png", png);
        var text = await ann.UploadOkAsync(room, "naïve notes.md", "# Notes\nhello"u8.ToArray());
        await ann.SendWithFilesAsync(room, "Two files", image.GetProperty("id").GetGuid(), text.GetProperty("id").GetGuid());

        using var imageResponse = await ann.GetAsync($"/api/rooms/{room}/attachments/{image.GetProperty("id").GetGuid()}");
        using var textResponse = await ann.GetAsync($"/api/rooms/{room}/attachments/{text.GetProperty("id").GetGuid()}");
        using var stranger = await eve.GetAsync($"/api/rooms/{room}/attachments/{image.GetProperty("id").GetGuid()}");
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{room}/attachments/{image.GetProperty("id").GetGuid()}");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 7);
        using var partial = await ann.SendAsync(range);

        Assert.Equal(HttpStatusCode.OK, imageResponse.StatusCode);
        Assert.Equal(png, await imageResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", imageResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline; filename=\"dot.png\"; filename*=UTF-8''dot.png", string.Join(", ", imageResponse.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal("nosniff", imageResponse.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", imageResponse.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("private", imageResponse.Headers.CacheControl!.ToString());
        Assert.Equal("text/markdown; charset=utf-8", textResponse.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"na_ve notes.md\"; filename*=UTF-8''na%C3%AFve%20notes.md", string.Join(", ", textResponse.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[..8], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal($"There is no room {room} that you are a member of.", (await ProblemBody.ReadAsync(stranger)).Detail);
    }

    [Fact]
    public async Task Upload_ContentNotMatchingItsName_IsRefusedAndNothingIsStored()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Mismatch");

        using var pngAsPdf = await ann.UploadAsync(room, "report.pdf", TestImages.Png(4, 4));
        using var program = await ann.UploadAsync(room, "readme.txt", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0]);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, pngAsPdf.StatusCode);
        Assert.Contains("rename it to match its content", (await ProblemBody.ReadAsync(pngAsPdf)).Errors["file"].Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, program.StatusCode);
        Assert.Contains("an executable (ELF)", (await ProblemBody.ReadAsync(program)).Errors["file"].Single(), StringComparison.Ordinal);
        Assert.Equal(0, await host.StoredAttachmentsAsync(room));
        Assert.Empty(host.FilesOfRoom(room));
    }

    [Fact]
    public async Task Recall_RemovesTheFileFromStorageAndFromTheMessage()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Oops");
        var id = (await ann.UploadOkAsync(room, "secret.png", TestImages.Png(4, 4))).GetProperty("id").GetGuid();
        var message = await ann.SendWithFilesAsync(room, "", id);
        Assert.True(await host.IsStoredAsync(room, id));

        using var recall = await ann.DeleteAsync($"/api/rooms/{room}/messages/{message.GetProperty("id").GetInt64()}");
        using var download = await ann.GetAsync($"/api/rooms/{room}/attachments/{id}");
        var history = await ann.MessagesAsync(room);

        Assert.Equal(HttpStatusCode.OK, recall.StatusCode);
        Assert.False(await host.IsStoredAsync(room, id));
        Assert.Equal(0, await host.StoredAttachmentsAsync(room));
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal("recalled", history.Single().GetProperty("status").GetString());
        Assert.False(history.Single().TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task RoomDeletion_RemovesAllItsFiles()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Short-lived");
        var sentFile = (await ann.UploadOkAsync(room, "a.png", TestImages.Png(4, 4))).GetProperty("id").GetGuid();
        await ann.SendWithFilesAsync(room, "One", sentFile);
        await ann.UploadOkAsync(room, "b.txt", "not sent yet"u8.ToArray());
        Assert.Equal(2, host.FilesOfRoom(room).Length);

        using var deleted = await ann.DeleteAsync($"/api/rooms/{room}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(host.FilesOfRoom(room));
        Assert.Equal(0, await host.StoredAttachmentsAsync(room));
    }

    [Fact]
    public async Task Send_OnlyAFileWithoutText_IsAcceptedAndTheBotSeesTheFile()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        var file = await ann.UploadOkAsync(room, "todo.md", "- buy milk"u8.ToArray());

        var sent = await ann.SendWithFilesAsync(room, "", file.GetProperty("id").GetGuid());
        await ann.WaitForRepliesAsync(room);

        Assert.Equal("", sent.GetProperty("text").GetString());
        Assert.Equal("Attached file todo.md:\n- buy milk", host.LastPrompt()[^1].Content);
    }

    [Fact]
    public async Task Send_SomeoneElsesUploadOrOneSentAlready_IsRefused()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        using var bob = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("bob"));
        var room = await ann.CreateRoomAsync("group", title: "Shared", members: [await bob.MyIdAsync()]);
        var annsFile = (await ann.UploadOkAsync(room, "a.txt", "ann's"u8.ToArray())).GetProperty("id").GetGuid();
        await ann.SendWithFilesAsync(room, "Mine", annsFile);

        using var bobSends = await bob.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Also mine", clientMessageId = "b1", attachmentIds = new[] { annsFile } });
        using var annAgain = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Again", clientMessageId = "a2", attachmentIds = new[] { annsFile } });
        using var noText = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "", clientMessageId = "a3" });

        foreach (var refused in (HttpResponseMessage[])[bobSends, annAgain])
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["Send only files you uploaded to this room and have not sent with another message."], (await ProblemBody.ReadAsync(refused)).Errors["attachmentIds"]);
        }

        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        Assert.Single(await ann.MessagesAsync(room));
    }

    [Fact]
    public async Task ModelThatCannotSeeImages_AskedAboutAnImage_FailsInWordsWithoutCallingTheUpstream()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle, model: "gpt-3.5-turbo");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("direct", bots: [handle]);
        var image = (await ann.UploadOkAsync(room, "chart.png", TestImages.Png(16, 16))).GetProperty("id").GetGuid();

        await ann.SendWithFilesAsync(room, "Read this chart.", image);
        var reply = (await ann.WaitForRepliesAsync(room))[1];

        Assert.Equal("failed", reply.GetProperty("status").GetString());
        Assert.Equal(
            "This bot's model 'gpt-3.5-turbo' cannot see images, so it cannot answer a message with one. Send the question without the image, or ask a bot whose model reads images.",
            reply.GetProperty("error").GetString());
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Upload_ByANonMember_Is404AndNothingIsStored()
    {
        var host = fixture.Fresh();
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        using var eve = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));
        var room = await ann.CreateRoomAsync("group", title: "Private");

        using var response = await eve.UploadAsync(room, "x.png", TestImages.Png(2, 2));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await host.StoredAttachmentsAsync(room));
        Assert.Empty(host.FilesOfRoom(room));
    }

    private static (string, string, string, int, int, int) Shape(JsonElement attachment) => (
        attachment.GetProperty("name").GetString()!,
        attachment.GetProperty("mediaType").GetString()!,
        attachment.GetProperty("kind").GetString()!,
        attachment.GetProperty("size").GetInt32(),
        attachment.GetProperty("width").GetInt32(),
        attachment.GetProperty("height").GetInt32());
}
