using System.Globalization;

namespace Warbler.Cli.Admin;

/// <summary>An expiry given as a date (<c>2027-01-01</c>), a date and time (<c>2027-01-01T12:00:00Z</c>) or a time from now (<c>30d</c>, <c>12h</c>, <c>90m</c>).</summary>
internal static class Expiry
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset expiry)
    {
        text = text.Trim();
        if (text.Length >= 2 && char.IsLetter(text[^1]) &&
            int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => null,
            };
            if (span is { } delta)
            {
                expiry = now + delta;
                return true;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiry);
    }
}
