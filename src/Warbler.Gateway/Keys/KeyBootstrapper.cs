using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Keys;

/// <summary>
/// At start: loads every live key into memory (what they spent is loaded next, by the limits'
/// <c>SpendingLoader</c>), and makes sure an admin key exists. With <c>WARBLER_ADMIN_KEY</c> unset
/// and no admin key stored, it generates one, prints it once on the console (never to the log)
/// and stores only its hash.
/// </summary>
internal sealed class KeyBootstrapper(
    IServiceProvider services, KeyCache cache, IOptions<AdminKeyOptions> adminKey, ILogger<KeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<KeyStore>();
        await store.LoadCacheAsync(cancellationToken);

        if (adminKey.Value.AdminKey is { Length: > 0 } configured)
        {
            cache.Add(KeyHash.Of(configured.Trim()), new CallerKey(Guid.Empty, "admin", KeySecret.PrefixOf(configured), true, new HashSet<string>(), null, KeyLimits.None));
            GatewayLog.AdminKeyFromConfiguration(logger, AdminKeyOptions.ConfigurationKey);
            return;
        }

        if (await store.AnyAdminKeyAsync(cancellationToken))
        {
            return;
        }

        var (_, secret) = await store.CreateAsync("admin", [], null, isAdmin: true, cancellationToken);
        Console.WriteLine($"""

            ================================================================
             Warbler generated an admin key. It is shown only this once:

                 {secret}

             Keep it safe: it manages keys under /api/admin and can call /v1.
             Only its hash is stored. To choose your own, set WARBLER_ADMIN_KEY.
            ================================================================

            """);
        GatewayLog.AdminKeyGenerated(logger, KeySecret.PrefixOf(secret));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
