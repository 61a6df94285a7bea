using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The provider that answers when there is no other: offline and deterministic, it stands in for
/// every model name (so the examples, written for real models, work on a fresh server) and lists
/// itself as model <c>demo</c>. It steps aside whole as soon as a real provider exists.
/// </summary>
internal static class DemoProvider
{
    public const string Name = "demo";

    public const string Model = "demo";

    /// <summary>The <c>owned_by</c> of the models the demo answers for, in <c>/v1/models</c>.</summary>
    public const string Owner = "warbler-demo";

    /// <summary>The <c>created</c> of those models: fixed, so answers are deterministic.</summary>
    public const long Created = 1_700_000_000;

    public static ProviderDefinition Definition { get; } = new(
        Name,
        ProviderSource.Demo,
        new ProviderOptions
        {
            BaseUrl = "http://demo.warbler.invalid/v1",
            // No list: it serves any model name.
            Models = [],
            LegacyCompletions = LegacyCompletionsMode.Translate,

            // Stated, so /v1/models lists what the demo answers.
            Capabilities = [.. ProviderCapabilities.All],
        },
        Enabled: true);

    /// <summary>What <c>/v1/models</c> says the demo's stand-in models can do: everything.</summary>
    public static IReadOnlyList<string> Capabilities { get; } = ["chat", "completions", .. ProviderCapabilities.All.Select(ProviderCapabilities.NameOf)];

    public static Provider Create(DemoOptions options, TimeProvider time) => new(
        Name,
        Definition.Options,
        apiKey: null,
        new HttpMessageInvoker(new DemoUpstreamHandler(options, time)),
        time);
}
