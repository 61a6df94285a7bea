using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Realtime;
using Warbler.Contracts.Realtime;

namespace Warbler.Chat.Spending;

/// <summary>
/// Takes the crossings the limiter queued, records each once (<see cref="BudgetAlertRecorder"/>), and
/// tells the people concerned on the hub: the user for a user's budget, every member (owners too) for
/// a team's. The node that recorded the crossing sends it; with the Redis backplane it reaches their
/// connections on every node. The webhook goes out through <see cref="WebhookDispatcher"/>.
/// </summary>
internal sealed class BudgetAlertService(
    BudgetAlertQueue queue, IServiceScopeFactory scopes, IHubContext<ChatHub, IChatHubClient> hub, WebhookDispatcher dispatcher, ILogger<BudgetAlertService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var crossing in queue.Reader.ReadAllAsync(stoppingToken))
            {
                (BudgetAlert Alert, IReadOnlyList<Guid> Recipients)? recorded;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    recorded = await scope.ServiceProvider.GetRequiredService<BudgetAlertRecorder>().RecordAsync(crossing, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    SpendingLog.RecordFailed(logger, exception, crossing.Subject.ToString(), crossing.SubjectId);
                    continue;
                }

                if (recorded is not { } told)
                {
                    continue;
                }

                SpendingLog.BudgetCrossed(logger, told.Alert.Subject, told.Alert.SubjectId, told.Alert.Percent, told.Alert.Budget, told.Alert.Period);
                dispatcher.Wake();
                try
                {
                    await hub.Clients.Users(told.Recipients.Select(id => id.ToString()).ToList()).budgetAlert(told.Alert);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    SpendingLog.HubSendFailed(logger, exception, told.Alert.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }
}
