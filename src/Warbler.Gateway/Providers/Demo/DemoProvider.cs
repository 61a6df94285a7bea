using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers.Demo;

/// <summary>The provider that answers when there is no other: model <c>demo</c>, offline, deterministic.</summary>
public static class DemoProvider
{
    public const string Name = "demo";

    public const string Model = "demo";

    public static ProviderDefinition Definition { get; } = new(
        Name,
        ProviderSource.Demo,
        new ProviderOptions
        {
            BaseUrl = "http://demo.warbler.invalid/v1",
            Models = [Model],
            LegacyCompletions = LegacyCompletionsMode.Translate,
        },
        Enabled: true);

    public static Provider Create(DemoOptions options, TimeProvider time) => new(
        Name,
        Definition.Options,
        apiKey: null,
        new HttpMessageInvoker(new DemoUpstreamHandler(options, time)),
        time);
}
