using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>The providers' notices keep the text earlier builds send and read (see <c>KeyNoticesTests</c>).</summary>
public sealed class ProviderNoticesTests
{
    [Fact]
    public void ProvidersTopic_ProviderName_IsWrittenAndReadAsItIs()
    {
        Assert.Equal("providers", ProviderNotices.Topic.Name);
        Assert.Equal("azure-east", ProviderNotices.Topic.Format("azure-east"));
        Assert.True(ProviderNotices.Topic.TryParse("azure-east", out var name));
        Assert.Equal("azure-east", name);
    }
}
