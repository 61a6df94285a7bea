using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

internal sealed class UserSpendingSeed(IServiceProvider services, IKeyLimiter limiter, TimeProvider time) : IUserSpendingSeed
{
    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var spending = await scope.ServiceProvider.GetRequiredService<UsageQueries>().UserSpendingAsync(time.GetUtcNow(), cancellationToken);
        foreach (var user in spending)
        {
            await limiter.SetSpendingAsync(user, replace: false, cancellationToken);
        }

        return spending.Count;
    }
}
