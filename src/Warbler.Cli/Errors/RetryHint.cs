using System.Globalization;

namespace Warbler.Cli.Errors;

/// <summary>
/// When to try again after a 429: <c>Retry-After</c> (seconds or a date), <c>retry-after-ms</c>,
/// or the <c>x-ratelimit-reset-*</c> header of the limit that ran out (<c>6s</c>, <c>1m30s</c>, <c>250ms</c>).
/// </summary>
internal static class RetryHint
{
    public static string Describe(Func<string, string?> header, DateTimeOffset now)
    {
        var wait = Wait(header, now);
        return wait is { } delay
            ? $"Retry in {Format(delay)}."
            : "The server did not say when to retry; wait a while before trying again.";
    }

    public static TimeSpan? Wait(Func<string, string?> header, DateTimeOffset now)
    {
        if (header("Retry-After") is { } retryAfter)
        {
            if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (header("retry-after-ms") is { } milliseconds &&
            double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        TimeSpan? longest = null;
        foreach (var kind in (string[])["requests", "tokens"])
        {
            if (header($"x-ratelimit-remaining-{kind}") == "0" && ParseReset(header($"x-ratelimit-reset-{kind}")) is { } reset && (longest is null || reset > longest))
            {
                longest = reset;
            }
        }

        return longest;
    }

    /// <summary>OpenAI's reset format: <c>1h2m3.5s</c>, <c>250ms</c>.</summary>
    public static TimeSpan? ParseReset(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            switch (text[unitStart..i])
            {
                case "h": total += TimeSpan.FromHours(number); break;
                case "m": total += TimeSpan.FromMinutes(number); break;
                case "s": total += TimeSpan.FromSeconds(number); break;
                case "ms": total += TimeSpan.FromMilliseconds(number); break;
                default: return null;
            }
        }

        return total;
    }

    public static string Format(TimeSpan wait)
    {
        if (wait < TimeSpan.FromMinutes(2))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return seconds == 1 ? "1 second" : $"{seconds} seconds";
        }

        if (wait < TimeSpan.FromHours(2))
        {
            return $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
        }

        return $"{(int)Math.Ceiling(wait.TotalHours)} hours";
    }
}
