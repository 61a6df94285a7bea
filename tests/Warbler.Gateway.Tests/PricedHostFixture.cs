using Warbler.Testing;

namespace Warbler.Gateway.Tests;

/// <summary>
/// One gateway shared by a class's tests, with prices for the media and embedding models (per image,
/// token, character and minute); models not named here stay unpriced.
/// </summary>
public sealed class PricedHostFixture : SharedHostFixture
{
    protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(configure: settings =>
    {
        settings["Pricing:Models:dall-e-3:PerImage"] = "0.04";
        settings["Pricing:Models:gpt-image-1:Input"] = "5";
        settings["Pricing:Models:gpt-image-1:Output"] = "40";
        settings["Pricing:Models:tts-1:PerMillionCharacters"] = "15";
        settings["Pricing:Models:whisper-1:PerMinute"] = "0.006";
        settings["Pricing:Models:text-embedding-3-small:Input"] = "20";
    });
}
