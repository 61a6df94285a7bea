using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Observability;

/// <summary>
/// Ready while at least one provider is not cooling down: with all of them skipped, every
/// completion would fail at once, so a load balancer should send traffic elsewhere.
/// </summary>
internal sealed class ProviderHealthCheck(ProviderRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var providers = registry.Providers;
        if (providers.Count == 0)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "No provider is enabled."));
        }

        var coolingDown = providers.Where(p => p.Health.IsCoolingDown).ToList();

        // Names and times only: a provider's last error can name internal hosts, and this answer needs no key.
        var data = coolingDown.ToDictionary(
            p => p.Name,
            p => (object)$"cooling down until {p.Health.CoolingDownUntil?.ToString("O", CultureInfo.InvariantCulture)}");
        if (coolingDown.Count < providers.Count)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{providers.Count - coolingDown.Count} of {providers.Count} providers available.", data));
        }

        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
            $"Every provider is cooling down after repeated failures: {string.Join(", ", coolingDown.Select(p => p.Name))}.", data: data));
    }
}
