using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Before the server takes requests, loads the vocabularies that the active providers' models
/// count tokens with (a bot's context, a key's token limit): loaded by the first bot reply instead,
/// one took 0.4 s of CPU and 48 MB of allocation in the middle of the first seconds' traffic, and
/// the collections that followed paused every request. A provider that serves any model counts as
/// the GPT-4o family. After <see cref="ProviderRegistryStarter"/>, which puts the stored providers
/// in force.
/// </summary>
internal sealed class TokenizerWarmUp(ProviderRegistry registry, TokenCounter counter, ILogger<TokenizerWarmUp> logger) : IHostedService
{
    private const string AnyModel = "gpt-4o";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var models = registry.Providers.SelectMany(p => p.ServesAnyModel ? [AnyModel] : p.Models.Concat(p.Aliases.Keys)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var model in models)
        {
            counter.Prepare(model);
        }

        GatewayLog.TokenizersLoaded(logger, models.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
