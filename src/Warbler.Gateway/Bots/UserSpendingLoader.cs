using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Bots;

/// <summary>
/// At start, after the database is migrated: seeds each user's tokens used today from the usage
/// records, so a restart does not hand users a fresh daily allowance.
/// </summary>
internal sealed class UserSpendingLoader(IServiceProvider services, IKeyLimiter limiter, TimeProvider time, IOptions<UserLimitsOptions> options, ILogger<UserSpendingLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ToKeyLimits().DailyTokenBudget is null)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var spending = await scope.ServiceProvider.GetRequiredService<UsageQueries>().UserSpendingAsync(time.GetUtcNow(), cancellationToken);
        try
        {
            foreach (var user in spending)
            {
                await limiter.SetSpendingAsync(user, replace: false, cancellationToken);
            }
        }
        catch (OpenAIErrorException exception) when (exception.Error.Code == LimitRefusal.UnavailableCode)
        {
            // Loaded when Redis connects (CounterRestorer); the server starts anyway.
            return;
        }

        BotLog.SpendingLoaded(logger, spending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
