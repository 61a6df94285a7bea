namespace Warbler.Gateway.Budgets;

/// <summary>
/// Told when a team's or user's spending passes 80 % or 100 % of a budget. The limiter calls it
/// after the usage that crossed is settled; it must not throw or block the request.
/// </summary>
public interface IBudgetAlerts
{
    void Crossed(BudgetCrossing crossing);
}

/// <summary>The default until notifications are configured: nobody is told.</summary>
internal sealed class NoBudgetAlerts : IBudgetAlerts
{
    public void Crossed(BudgetCrossing crossing)
    {
    }
}
