using System.Diagnostics;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Accounting;

/// <summary>
/// Closes the books on a call, however it came in (<c>/v1</c> or in-process) and however it ended:
/// settles its lease with the tokens really used, journals its one usage record (the database never waited for),
/// and counts it in the metrics and its trace.
/// </summary>
internal sealed class CallAccounting(UsageWriter writer, PriceTable prices, GatewayMetrics metrics, TimeProvider time)
{
    /// <summary>What the call cost by the price table; null when nothing is priced.</summary>
    public decimal? CostOf(GatewayCall? call) =>
        call is null || prices.IsEmpty ? null : prices.CostOf(call.Model, call.AnsweredModel, call.Usage, call.Quantity, call.Unit);

    /// <summary>Settles the call's lease (when it has one) with what it used; returns its cost.</summary>
    public decimal? Settle(GatewayCall? call)
    {
        var cost = CostOf(call);
        call?.Lease?.Settle(call.Usage?.TotalTokens ?? 0, cost ?? 0);
        return cost;
    }

    /// <summary>Settles the lease and journals the usage record; false when the journal could not take it.</summary>
    public bool Record(GatewayCall call, CallerIds caller, int status, long started)
    {
        var cost = Settle(call);
        return writer.Enqueue(OutcomeUsageRecord.Create(call, caller, status, cost, started, time));
    }

    /// <summary>Everything at once, for a call that is its own request (in-process): the record, the metrics and the trace.</summary>
    public void Close(GatewayCall call, CallerIds caller, int status, long started, Activity? activity)
    {
        Record(call, caller, status, started);
        metrics.RecordCall(call.Model, call.Provider ?? GatewayTags.None, status, time.GetElapsedTime(started), call.Usage, activity);
    }
}
