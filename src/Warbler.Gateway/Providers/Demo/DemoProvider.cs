using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers.Demo;

/// <summary>The provider that answers when none is configured: model <c>demo</c>, offline, deterministic.</summary>
public static class DemoProvider
{
    public const string Name = "demo";

    public const string Model = "demo";

    public static Provider Create(DemoOptions options, TimeProvider time) => new(
        Name,
        new ProviderOptions
        {
            BaseUrl = "http://demo.warbler.invalid/v1",
            Models = [Model],
            LegacyCompletions = LegacyCompletionsMode.Translate,
        },
        apiKey: null,
        new HttpMessageInvoker(new DemoUpstreamHandler(options, time)),
        time);
}
