using System.Text;
using Microsoft.Extensions.Configuration;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Tests.Configuration;

/// <summary>What a provider's <c>Capabilities</c> setting gives it, as an operator writes it in <c>appsettings.json</c>.</summary>
public sealed class ProviderCapabilitiesTests
{
    [Theory]
    [InlineData("""{"Providers":{"p":{"BaseUrl":"http://127.0.0.1:9/v1"}}}""", "Embeddings,Images,ImageEdits,Speech,Transcriptions,Translations,Moderations")]
    [InlineData("""{"Providers":{"p":{"Kind":"Azure","BaseUrl":"http://127.0.0.1:9"}}}""", "Embeddings,Images,ImageEdits,Speech,Transcriptions,Translations")]
    [InlineData("""{"Providers":{"p":{"BaseUrl":"http://127.0.0.1:9/v1","Capabilities":["Embeddings"]}}}""", "Embeddings")]
    [InlineData("""{"Providers":{"p":{"BaseUrl":"http://127.0.0.1:9/v1","Capabilities":["None"]}}}""", "")]
    public void Capabilities_AsConfigured_AreWhatTheProviderHas(string json, string expected)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var settings = new ProviderSettings();

        ProviderSettings.Bind(settings, configuration);
        using var provider = new Provider("p", settings.Providers["p"], null, new HttpMessageInvoker(new HttpClientHandler()), TimeProvider.System);

        Assert.Equal(expected, string.Join(',', Enum.GetValues<ProviderCapability>().Where(provider.Capabilities.Contains)));
        Assert.True(provider.Has(UpstreamOperation.ChatCompletions));
    }
}
