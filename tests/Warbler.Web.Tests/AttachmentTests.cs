using System.Text.Json;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>Files in a chat: attached by the button, by pasting, by dropping; previewed, sent, shown and read by the bot.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AttachmentTests(WebAppFixture app)
{
    /// <summary>A real 1×1 PNG.</summary>
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    [ChromiumFact]
    public async Task AttachAnImageByTheButton_SeeThePreview_SendIt_TheBotReadsItAndReplies()
    {
        var page = await NewChatAsync("ann");
        app.Upstream.Default = UpstreamScript.Answer("A single dot.");

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Attach files" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "dot.png", MimeType = "image/png", Buffer = Convert.FromBase64String(PngBase64) });
        var pending = page.Locator(".pending-file");
        await Expect(pending).ToHaveAttributeAsync("data-state", "ready");
        await Expect(pending.Locator("img")).ToBeVisibleAsync();
        Assert.True(await pending.Locator("img").EvaluateAsync<int>("img => img.naturalWidth") == 1, "The preview loads (the page's policy lets its own previews in).");
        await Artifacts.ScreenshotAsync(page, "attachment-preview");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("What is in this picture?");
        await composer.PressAsync("Enter");

        var mine = page.Locator(".message.mine").Last;
        await Expect(mine.Locator(".attachment-image img")).ToBeVisibleAsync();
        Assert.True(await mine.Locator(".attachment-image img").EvaluateAsync<int>("img => img.naturalWidth") == 1, "The sent image loads from the server.");
        await Expect(page.Locator(".message.bot").Last).ToContainTextAsync("A single dot.");
        await Expect(page.Locator(".pending-file")).ToHaveCountAsync(0);
        Assert.Contains(ImageUrlsSentUpstream(), url => url == "data:image/png;base64," + PngBase64);
        await Artifacts.ScreenshotAsync(page, "attachment-sent");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task PasteAnImage_ItIsAttachedAndSentWithoutText()
    {
        var page = await NewChatAsync("bob");
        app.Upstream.Default = UpstreamScript.Answer("Pasted, and seen.");

        await page.GetByLabel("Message", new() { Exact = true }).EvaluateAsync(
            """
            (area, b64) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], "image.png", { type: "image/png" }));
              area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            PngBase64);
        await Expect(page.Locator(".pending-file")).ToHaveAttributeAsync("data-state", "ready");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator(".message.mine").Last.Locator(".attachment-image img")).ToBeVisibleAsync();
        await Expect(page.Locator(".message.bot").Last).ToContainTextAsync("Pasted, and seen.");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task DropADocumentAndAFileOfTheWrongType_TheDocumentIsSentAsALink_TheOtherIsRefusedWithTheReason()
    {
        var page = await NewChatAsync("cat");

        await page.Locator("section.chat").EvaluateAsync(
            """
            section => {
              const data = new DataTransfer();
              data.items.add(new File(["# Plan\n\nShip on Friday.\n"], "plan.md", { type: "text/markdown" }));
              data.items.add(new File(["not really a picture"], "photo.png", { type: "image/png" }));
              section.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
              section.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
            }
            """);
        await Expect(page.Locator(".pending-file[data-state=ready]")).ToContainTextAsync("plan.md");
        var refused = page.Locator(".pending-file[data-state=refused]");
        await Expect(refused).ToContainTextAsync("photo.png");
        await refused.GetByRole(AriaRole.Button, new() { Name = "Remove photo.png" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var link = page.Locator(".message.mine").Last.Locator(".attachment-file");
        await Expect(link).ToContainTextAsync("plan.md");
        Assert.Equal("plan.md", await link.GetAttributeAsync("download"));
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewChatAsync(string name)
    {
        var email = WebAppFixture.NewEmail(name);
        await app.CreateUserAsync(email, name);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        return page;
    }

    /// <summary>Every <c>image_url</c> the fake upstream has been sent so far.</summary>
    private List<string> ImageUrlsSentUpstream() =>
    [
        .. app.Upstream.Requests
            .Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messages").EnumerateArray())
            .Where(m => m.GetProperty("content").ValueKind == JsonValueKind.Array)
            .SelectMany(m => m.GetProperty("content").EnumerateArray())
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!),
    ];
}
