namespace Warbler.Chat.Spending;

/// <summary>
/// The pause after a failed attempt: <c>BaseDelay × 2^(attempt − 1)</c>, at most <c>MaxDelay</c>, plus up
/// to 20 % at random so that deliveries failed together do not all come back together.
/// </summary>
internal static class WebhookBackoff
{
    public const double Jitter = 0.2;

    public static TimeSpan After(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var doubled = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var pause = Math.Min(doubled, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(pause * (1 + (Jitter * random)));
    }
}
