using Warbler.Chat.Replies;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Tests.Replies;

/// <summary>Which bots answer a message, and in which order their replies are stored and streamed.</summary>
public sealed class RespondersTests
{
    private static readonly Bot Alice = NewBot("alice");
    private static readonly Bot Bob = NewBot("bob");
    private static readonly Bot Carol = NewBot("carol");

    [Theory]
    [InlineData("@bob and then @alice, please", "bob,alice")]
    [InlineData("@alice and then @bob, please", "alice,bob")]
    [InlineData("@Carol, @bob, @carol again", "carol,bob")]
    [InlineData("nobody is asked; mail me@alice.com", "")]
    public void Responders_GroupRoom_TheMentionedBotsInTheOrderOfMention(string text, string expected)
    {
        // The room's bots come in whatever order the database gave them.
        var responders = ReplyCoordinator.Responders(RoomKind.Group, [Carol, Alice, Bob], text);

        Assert.Equal(expected, string.Join(",", responders.Select(b => b.Handle)));
    }

    [Fact]
    public void Responders_DirectRoom_EveryBotWhateverTheText()
    {
        var responders = ReplyCoordinator.Responders(RoomKind.Direct, [Bob, Alice], "no mention at all");

        Assert.Equal(["alice", "bob"], responders.Select(b => b.Handle));
    }

    private static Bot NewBot(string handle) => new() { Id = Guid.NewGuid(), Name = handle, Handle = handle, Model = "gpt-4o-mini" };
}
