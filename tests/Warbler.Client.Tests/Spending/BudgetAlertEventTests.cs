using Microsoft.Extensions.DependencyInjection;
using Warbler.Client.Realtime;
using Warbler.Client.Tests.Realtime;
using Warbler.Gateway.Budgets;
using Warbler.Testing;

namespace Warbler.Client.Tests.Spending;

public sealed class BudgetAlertEventTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task BudgetCrossed_ConnectedUser_RaisesBudgetAlertWithTheBudget()
    {
        using var ann = await _host.SignUpAsync("ann");
        await using var live = await RealtimeTests.ConnectAsync(ann);
        var raised = new TaskCompletionSource<BudgetAlertEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        live.BudgetAlert += e => raised.TrySetResult(e);

        _host.Services.GetRequiredService<IBudgetAlerts>().Crossed(
            new BudgetCrossing(BudgetSubject.User, ann.Id, "daily_tokens", "2026-12-07", 100, 1000m, 1000m, DateTimeOffset.UtcNow));

        var alert = (await raised.Task.WaitAsync(TimeSpan.FromSeconds(60))).Alert;
        Assert.Equal(("user", ann.Id, "daily_tokens", "2026-12-07", 100, 1000m, 1000m), (alert.Subject, alert.SubjectId, alert.Budget, alert.Period, alert.Percent, alert.Spent, alert.Limit));
    }
}
