using Warbler.Chat.SignOn;

namespace Warbler.Chat.Tests.SignOn;

public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/rooms/abc?x=1", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/a\nb", false)]
    [InlineData("", false)]
    public void IsLocal_OnlyAPathOfThisServer_IsAccepted(string url, bool local) => Assert.Equal(local, ReturnUrls.IsLocal(url));
}
