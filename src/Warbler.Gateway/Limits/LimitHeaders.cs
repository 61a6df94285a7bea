using System.Globalization;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>OpenAI's <c>x-ratelimit-*</c> headers: the limit, what remains, and how long until the bucket is full again.</summary>
internal static class LimitHeaders
{
    /// <summary>What the headers say of a kind the key has no limit on: a number, so clients that parse them keep working.</summary>
    internal const int Unlimited = int.MaxValue;

    private static readonly string UnlimitedText = Unlimited.ToString(CultureInfo.InvariantCulture);

    private static readonly HeaderNames RequestHeaders = new("requests");
    private static readonly HeaderNames TokenHeaders = new("tokens");

    public static void Write(HttpResponse response, KeyLimits limits, double requests, double tokens)
    {
        Write(response, RequestHeaders, limits.RequestsPerMinute, requests);
        Write(response, TokenHeaders, limits.TokensPerMinute, tokens);
    }

    public static void WriteUnlimited(HttpResponse response)
    {
        Write(response, RequestHeaders, null, 0);
        Write(response, TokenHeaders, null, 0);
    }

    private static void Write(HttpResponse response, HeaderNames names, int? perMinute, double available)
    {
        var headers = response.Headers;
        if (perMinute is not { } limit)
        {
            headers[names.Limit] = UnlimitedText;
            headers[names.Remaining] = UnlimitedText;
            headers[names.Reset] = "0s";
            return;
        }

        var remaining = (int)Math.Max(0, Math.Floor(available));
        var reset = TimeSpan.FromMinutes(Math.Max(0, limit - available) / limit);
        headers[names.Limit] = limit.ToString(CultureInfo.InvariantCulture);
        headers[names.Remaining] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[names.Reset] = FormatDuration(reset);
    }

    /// <summary>Durations as OpenAI writes them: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>.</summary>
    internal static string FormatDuration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms",
        < 60 => $"{Math.Round(duration.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture)}s",
        _ => $"{(int)duration.TotalMinutes}m{duration.Seconds.ToString(CultureInfo.InvariantCulture)}s",
    };

    private sealed class HeaderNames(string kind)
    {
        public string Limit { get; } = $"x-ratelimit-limit-{kind}";

        public string Remaining { get; } = $"x-ratelimit-remaining-{kind}";

        public string Reset { get; } = $"x-ratelimit-reset-{kind}";
    }
}
