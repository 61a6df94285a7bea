using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// At start, after the keys are loaded: budgets count from what keys have already used, as
/// recorded before this start. With Redis away, that is done when it connects (CounterRestorer),
/// and the server starts anyway.
/// </summary>
/// <remarks>Logs under <see cref="KeyBootstrapper"/>'s category, which log filters already know this step by.</remarks>
internal sealed class SpendingLoader(IServiceProvider services, IKeyLimiter limiter, TimeProvider time, ILogger<KeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            foreach (var spending in await scope.ServiceProvider.GetRequiredService<UsageQueries>().SpendingAsync(time.GetUtcNow(), null, cancellationToken))
            {
                await limiter.SetSpendingAsync(spending, replace: false, cancellationToken);
            }
        }
        catch (OpenAIErrorException exception) when (exception.Kind == GatewayErrorKind.LimitsUnavailable)
        {
            GatewayLog.SpendingNotLoaded(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
