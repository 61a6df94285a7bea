using Warbler.Chat.Realtime;
using Warbler.Chat.Replies;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>
/// The chat's notices keep the text earlier builds send and read, so servers of both builds can
/// share a Redis while they are upgraded one by one.
/// </summary>
public sealed class ChatTopicsTests
{
    private static readonly Guid Room = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid Ann = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly Guid Bob = Guid.Parse("16fd2706-8baf-433b-82eb-8c7fada847da");

    [Fact]
    public void MembersTopic_JoinAndLeave_AreWrittenAsEarlierBuildsWroteThem()
    {
        var topic = MembersNotice.Topic;

        Assert.Equal("members", topic.Name);
        Assert.Equal(
            "join|0f8fad5bd9cb469fa16570867728950e|7c9e6679742540de944be07fc1f90ae7,16fd27068baf433b82eb8c7fada847da",
            topic.Format(new MembersNotice(Room, Joined: true, [Ann, Bob])));
        Assert.Equal("leave|0f8fad5bd9cb469fa16570867728950e|7c9e6679742540de944be07fc1f90ae7", topic.Format(new MembersNotice(Room, Joined: false, [Ann])));
    }

    [Fact]
    public void MembersTopic_TextOfAnEarlierBuild_ReadsAsTheSameChange()
    {
        Assert.True(MembersNotice.Topic.TryParse("leave|0f8fad5bd9cb469fa16570867728950e|7c9e6679742540de944be07fc1f90ae7,16fd27068baf433b82eb8c7fada847da", out var notice));

        Assert.Equal((Room, false), (notice.RoomId, notice.Joined));
        Assert.Equal([Ann, Bob], notice.UserIds);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("join|not-a-room|")]
    [InlineData("join|0f8fad5bd9cb469fa16570867728950e|someone")]
    [InlineData("move|0f8fad5bd9cb469fa16570867728950e|7c9e6679742540de944be07fc1f90ae7")]
    public void MembersTopic_UnreadableText_IsNotANotice(string payload) =>
        Assert.False(MembersNotice.Topic.TryParse(payload, out _));

    [Fact]
    public void RepliesTopic_ReplyId_IsWrittenAndReadAsItsDecimalDigits()
    {
        var topic = ReplyStopNotices.Topic;

        Assert.Equal("replies", topic.Name);
        Assert.Equal("1234567890123", topic.Format(1234567890123));
        Assert.True(topic.TryParse("42", out var id));
        Assert.Equal(42, id);
        Assert.False(topic.TryParse("-42", out _));
        Assert.False(topic.TryParse("*", out _));
    }
}
