using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Keys;

/// <summary>
/// At start: loads every live key into memory, and makes sure an admin key exists. With
/// <c>WARBLER_ADMIN_KEY</c> unset and no admin key stored, it generates one, prints it once on
/// the console (never to the log) and stores only its hash.
/// </summary>
internal sealed class KeyBootstrapper(
    IServiceProvider services, KeyCache cache, IKeyLimiter limiter, TimeProvider time, IOptions<AdminKeyOptions> adminKey, ILogger<KeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<KeyStore>();
        await store.LoadCacheAsync(cancellationToken);

        // Budgets count from what keys have already used, as recorded before this start. With Redis
        // away, that is done when it connects (CounterRestorer), and the server starts anyway.
        try
        {
            foreach (var spending in await scope.ServiceProvider.GetRequiredService<UsageQueries>().SpendingAsync(time.GetUtcNow(), null, cancellationToken))
            {
                await limiter.SetSpendingAsync(spending, replace: false, cancellationToken);
            }
        }
        catch (OpenAIErrorException exception) when (exception.Error.Code == LimitRefusal.UnavailableCode)
        {
            GatewayLog.SpendingNotLoaded(logger, exception);
        }

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
