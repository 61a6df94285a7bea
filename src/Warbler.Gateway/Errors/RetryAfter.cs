using System.Globalization;

namespace Warbler.Gateway.Errors;

/// <summary>How long to wait before trying again: read from an upstream, written for a client.</summary>
internal static class RetryAfter
{
    /// <summary>Sets <c>Retry-After</c> in whole seconds, at least one.</summary>
    public static void Write(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>retry-after-ms</c> (OpenAI, Azure) or else <c>Retry-After</c> (seconds or a date).</summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
