using System.Threading.Channels;
using Warbler.Gateway.Budgets;

namespace Warbler.Chat.Spending;

/// <summary>
/// The <see cref="IBudgetAlerts"/> the limiter calls: it only queues the crossing, so the request
/// that crossed never waits; <see cref="BudgetAlertService"/> records and tells it.
/// </summary>
internal sealed class BudgetAlertQueue(ILogger<BudgetAlertQueue> logger) : IBudgetAlerts
{
    private readonly Channel<BudgetCrossing> _crossings = Channel.CreateBounded<BudgetCrossing>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<BudgetCrossing> Reader => _crossings.Reader;

    public void Crossed(BudgetCrossing crossing)
    {
        if (!_crossings.Writer.TryWrite(crossing))
        {
            SpendingLog.QueueFull(logger, crossing.Subject.ToString(), crossing.SubjectId);
        }
    }
}
