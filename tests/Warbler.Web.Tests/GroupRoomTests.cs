using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>Two people in two browsers share a group room with a bot, live over the hub.</summary>
[Collection(WebAppCollection.Name)]
public sealed class GroupRoomTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task TwoPeopleInAGroup_SeeEachOthersMessagesTypingReadsAndABotReplyLive()
    {
        var annEmail = WebAppFixture.NewEmail("ann");
        var bobEmail = WebAppFixture.NewEmail("bob");
        await app.CreateUserAsync(annEmail, "Ann");
        await app.CreateUserAsync(bobEmail, "Bob");
        var ann = await app.NewPageAsync();
        var bob = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(ann, annEmail);
        await WebAppFixture.SignInAsync(bob, bobEmail);
        await Expect(ann.Locator(".live-dot.on")).ToBeVisibleAsync();
        await Expect(bob.Locator(".live-dot.on")).ToBeVisibleAsync();

        // Ann makes the group: Bob found by his email, and the assistant.
        var title = $"Birds {Guid.NewGuid():N}"[..14];
        await ann.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        await ann.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await ann.GetByLabel("Add people").FillAsync(bobEmail);
        await ann.GetByRole(AriaRole.Button, new() { Name = "+ Bob" }).ClickAsync();
        await ann.Locator("input[name=bot][value=assistant]").CheckAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(ann).ToHaveURLAsync(new Regex("/rooms/[0-9a-f-]+$"));
        await Expect(ann.Locator(".chat-head h1")).ToHaveTextAsync(title);

        // Bob's list shows the room as soon as it is made; Ann writes, Bob sees it arrive unread.
        var bobsRoom = bob.Locator(".room-item", new() { HasText = title });
        await Expect(bobsRoom).ToBeVisibleAsync();
        var annComposer = ann.GetByLabel("Message", new() { Exact = true });
        await annComposer.FillAsync("Hello Bob, which bird sings best?");
        await annComposer.PressAsync("Enter");
        await Expect(bobsRoom.Locator(".badge")).ToHaveTextAsync("1");
        await bobsRoom.ClickAsync();
        await Expect(bob.Locator(".message", new() { HasText = "Hello Bob, which bird sings best?" })).ToBeVisibleAsync();
        await Expect(bobsRoom.Locator(".badge")).ToHaveCountAsync(0);

        // Bob has read it: Ann sees so.
        await Expect(ann.Locator(".message.mine .read-by").Last).ToHaveTextAsync("Seen by Bob");

        // Bob types: Ann sees him typing.
        var bobComposer = bob.GetByLabel("Message", new() { Exact = true });
        await bobComposer.PressSequentiallyAsync("@assistant ");
        await Expect(ann.Locator(".typing")).ToHaveTextAsync("Bob is typing…");

        // Bob asks the bot: both see Bob's message and the bot's reply stream in.
        app.Upstream.Default = new UpstreamScript { Text = "The **warbler**, of course.", Chunks = 6, ChunkDelay = TimeSpan.FromMilliseconds(80) };
        await bobComposer.PressSequentiallyAsync("what do you think?");
        await bobComposer.PressAsync("Enter");
        await Expect(ann.Locator(".message.person", new() { HasText = "@assistant what do you think?" })).ToBeVisibleAsync();
        foreach (var page in (IPage[])[ann, bob])
        {
            var reply = page.Locator(".message.bot").Last;
            await Expect(reply.Locator(".markdown strong")).ToHaveTextAsync("warbler");
            await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
            await Expect(reply.Locator(".sender")).ToContainTextAsync("Assistant");
        }

        await Artifacts.ScreenshotAsync(ann, "group-ann");
        await Artifacts.ScreenshotAsync(bob, "group-bob");
        await ann.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }
}
