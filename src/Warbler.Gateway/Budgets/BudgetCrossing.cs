namespace Warbler.Gateway.Budgets;

/// <summary>Whose budget a <see cref="BudgetCrossing"/> is about.</summary>
public enum BudgetSubject
{
    User,
    Team,
}

/// <summary>
/// A team's or user's spending has passed <see cref="Percent"/> (80 or 100) of one of its budgets
/// in the period <see cref="Period"/>. Raised once per crossing across every node.
/// </summary>
/// <param name="Subject">A user or a team.</param>
/// <param name="SubjectId">The user's or team's id.</param>
/// <param name="Budget">Which budget: <c>tokens</c>, <c>daily_tokens</c>, <c>monthly_tokens</c>, <c>cost</c>, <c>daily_cost</c> or <c>monthly_cost</c>.</param>
/// <param name="Period">The period the budget counts: <c>total</c>, a UTC day (<c>2026-12-07</c>) or month (<c>2026-12</c>).</param>
/// <param name="Spent">What has been used in the period, in tokens or in the price table's currency.</param>
/// <param name="Limit">The budget, in the same unit.</param>
/// <param name="Percent">80 or 100.</param>
/// <param name="At">When the usage that crossed was settled.</param>
public sealed record BudgetCrossing(
    BudgetSubject Subject,
    Guid SubjectId,
    string Budget,
    string Period,
    int Percent,
    decimal Spent,
    decimal Limit,
    DateTimeOffset At);
