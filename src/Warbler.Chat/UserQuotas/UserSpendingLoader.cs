using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.UserQuotas;

/// <summary>
/// At start, after the database is migrated: seeds each user's tokens used today from the usage
/// records, so a restart does not hand users a fresh daily allowance.
/// </summary>
internal sealed class UserSpendingLoader(IUserSpendingSeed seed, IOptions<UserLimitsOptions> options, ILogger<UserSpendingLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ToKeyLimits().DailyTokenBudget is null)
        {
            return;
        }

        int users;
        try
        {
            users = await seed.LoadAsync(cancellationToken);
        }
        catch (OpenAIErrorException exception) when (exception.Kind == GatewayErrorKind.LimitsUnavailable)
        {
            // Loaded when Redis connects (CounterRestorer); the server starts anyway.
            return;
        }

        UserQuotasLog.SpendingLoaded(logger, users);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
