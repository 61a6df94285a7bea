using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Limits;

/// <summary>
/// At start, after the keys' spending: reads users' and teams' limits and memberships, and loads
/// what users and teams have spent. With Redis away, the spending is loaded when it connects
/// (<see cref="LimitNoticeHandler"/>), and the server starts anyway.
/// </summary>
internal sealed class SubjectLimitsLoader(SpendingLimitsDirectory directory, SubjectSpendingRestorer restorer, ILogger<KeyBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await directory.ReloadAsync(cancellationToken);
        try
        {
            await restorer.RestoreAsync(cancellationToken);
        }
        catch (OpenAIErrorException exception) when (exception.Kind == GatewayErrorKind.LimitsUnavailable)
        {
            GatewayLog.SpendingNotLoaded(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
