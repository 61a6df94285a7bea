using System.Globalization;

namespace Warbler.Chat.Spending;

/// <summary>The UTC day and month a moment falls in, and their names as budgets count them (<c>2026-12-07</c>, <c>2026-12</c>).</summary>
internal readonly record struct BudgetPeriods(DateTimeOffset Day, DateTimeOffset Month)
{
    public string DayName => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string MonthName => Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static BudgetPeriods At(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new(new DateTimeOffset(utc.Date, TimeSpan.Zero), new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
