using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Warbler.Cluster;

/// <summary>For <c>/readyz</c>: a server whose Redis cannot be reached refuses limited keys, so it is not ready.</summary>
public sealed class RedisHealthCheck(IServiceProvider services, IOptions<RedisOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("Redis is not configured: this server keeps its limits in memory.");
        }

        try
        {
            var latency = await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("Redis cannot be reached.", exception);
        }
    }
}
