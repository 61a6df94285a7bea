using Microsoft.Extensions.DependencyInjection;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>
/// A started server has the vocabularies its providers' models count tokens with loaded before the
/// first request (not in the middle of the first bot reply), and only those.
/// </summary>
public sealed class TokenizerWarmUpTests
{
    [Theory]
    [InlineData(null, "o200k_base")] // a provider serving any model: today's OpenAI models
    [InlineData("llama-3-8b", "cl100k_base")]
    [InlineData("gpt-4o-mini", "o200k_base")]
    public async Task Start_ProvidersModels_LoadsTheirVocabularyOnly(string? model, string expected)
    {
        await using var host = await GatewayHost.StartAsync(configure: settings =>
        {
            if (model is not null)
            {
                settings["Providers:primary:Models:0"] = model;
            }
        });

        Assert.Equal([expected], host.Services.GetRequiredService<TokenCounter>().LoadedEncodings);
    }
}
