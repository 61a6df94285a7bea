namespace Warbler.Gateway.Usage;

/// <summary>The range of a usage view: <c>from</c> before <c>to</c>, at most <see cref="MaxDays"/> days, the 30 days up to <c>to</c> (or now) by default.</summary>
public static class UsageRange
{
    public const int MaxDays = 400;

    private static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);

    /// <summary>The range asked for, or the errors to answer with (by parameter) when it is not one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, Dictionary<string, string[]> Errors) Validate(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? now;

        // Not end - 30 days when that is before the calendar begins (a hostile "to=0001-01-01").
        var begin = from ?? (end.UtcTicks >= DefaultLength.Ticks ? end - DefaultLength : DateTimeOffset.MinValue);
        var errors = new Dictionary<string, string[]>();
        if (begin >= end)
        {
            errors["from"] = ["'from' must be before 'to'."];
        }
        else if (end - begin > TimeSpan.FromDays(MaxDays))
        {
            errors["to"] = [$"A range is at most {MaxDays} days."];
        }

        return (begin, end, errors);
    }
}
