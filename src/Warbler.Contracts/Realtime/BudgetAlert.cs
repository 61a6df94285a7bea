namespace Warbler.Contracts.Realtime;

/// <summary>
/// The hub event <c>budgetAlert</c>: a user's or team's spending passed <see cref="Percent"/> of a budget.
/// </summary>
/// <param name="Id">The event's id, the same as the webhook's.</param>
/// <param name="Subject"><c>user</c> or <c>team</c>.</param>
/// <param name="SubjectId">The user's or team's id.</param>
/// <param name="SubjectName">The user's display name or the team's name.</param>
/// <param name="Budget"><c>tokens</c>, <c>daily_tokens</c>, <c>monthly_tokens</c>, <c>cost</c>, <c>daily_cost</c> or <c>monthly_cost</c>.</param>
/// <param name="Period"><c>total</c>, a UTC day (<c>2026-12-07</c>) or month (<c>2026-12</c>).</param>
/// <param name="Percent">80 or 100.</param>
/// <param name="Spent">What the period has used, in tokens or in the price table's currency.</param>
/// <param name="Limit">The budget, in the same unit.</param>
/// <param name="At">When the usage that crossed was settled.</param>
public sealed record BudgetAlert(Guid Id, string Subject, Guid SubjectId, string SubjectName, string Budget, string Period, int Percent, decimal Spent, decimal Limit, DateTimeOffset At);
