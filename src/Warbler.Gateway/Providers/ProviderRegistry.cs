using Warbler.Gateway.Configuration;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Providers.Demo;

namespace Warbler.Gateway.Providers;

/// <summary>The providers in force, built once from configuration; the built-in demo when none is configured.</summary>
public sealed class ProviderRegistry : IDisposable
{
    public ProviderRegistry(IOptions<ProviderSettings> settings, IOptions<DemoOptions> demoOptions, TimeProvider time, ILogger<ProviderRegistry> logger)
    {
        var providers = new List<Provider>();
        foreach (var (name, options) in settings.Value.All)
        {
            providers.Add(new Provider(name, options, options.ApiKey, CreateInvoker(options.Timeouts), time));
            GatewayLog.ProviderConfigured(logger, name, options.Kind, options.Models.Count == 0 ? "any model" : string.Join(", ", options.Models));
        }

        if (providers.Count == 0)
        {
            providers.Add(DemoProvider.Create(demoOptions.Value, time));
            GatewayLog.OnlyDemoProvider(logger);
        }

        Providers = providers;
    }

    public IReadOnlyList<Provider> Providers { get; }

    private static HttpMessageInvoker CreateInvoker(ProviderTimeouts timeouts) => new(
        new SocketsHttpHandler
        {
            ConnectTimeout = timeouts.Connect,
            // Re-resolve DNS now and then, so a provider that moves is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // An answer left unread (its reader stopped) closes the connection at once: draining
            // it would keep the upstream generating, and billing, tokens nobody reads.
            MaxResponseDrainSize = 0,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = true,
        },
        disposeHandler: true);

    public void Dispose()
    {
        foreach (var provider in Providers)
        {
            provider.Dispose();
        }
    }
}
