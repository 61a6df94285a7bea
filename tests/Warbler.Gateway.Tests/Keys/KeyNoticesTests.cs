using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>
/// The keys' notices keep the text earlier builds send and read, so servers of both builds
/// can share a Redis while they are upgraded one by one.
/// </summary>
public sealed class KeyNoticesTests
{
    [Fact]
    public void KeysTopic_KeyId_IsWrittenAndReadAsTheIdWithHyphens()
    {
        var id = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

        Assert.Equal("keys", KeyNotices.Topic.Name);
        Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90ae7", KeyNotices.Topic.Format(id));
        Assert.True(KeyNotices.Topic.TryParse("7c9e6679-7425-40de-944b-e07fc1f90ae7", out var read));
        Assert.Equal(id, read);
        Assert.False(KeyNotices.Topic.TryParse("*", out _));
    }
}
