using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Relay;

/// <summary>What every <see cref="RelayResult"/> uses, resolved once rather than from each request's services.</summary>
internal sealed class RelayServices(UsageEstimator estimator, TimeProvider time, ILogger<RelayResult> logger)
{
    public UsageEstimator Estimator { get; } = estimator;

    public TimeProvider Time { get; } = time;

    public ILogger<RelayResult> Logger { get; } = logger;
}
