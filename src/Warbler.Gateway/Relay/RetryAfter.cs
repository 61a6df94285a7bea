using System.Globalization;

namespace Warbler.Gateway.Relay;

/// <summary>Reads how long an upstream asks to wait: <c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c>.</summary>
public static class RetryAfter
{
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
