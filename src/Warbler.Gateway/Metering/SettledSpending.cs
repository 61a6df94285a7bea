namespace Warbler.Gateway.Metering;

/// <summary>
/// What one settled call charged (<see cref="Used"/> tokens, <see cref="Cost"/>) and what the
/// budgets' counters hold with it: in all, on the UTC day and in the UTC month of <see cref="At"/>.
/// </summary>
internal readonly record struct SettledSpending(
    int Used, decimal Cost, long Total, long Today, long ThisMonth, decimal CostTotal, decimal CostToday, decimal CostThisMonth, DateTimeOffset At);
