namespace Warbler.Gateway.Providers;

/// <summary>
/// Counts a provider's failures in a row; after enough of them the provider is skipped until its
/// cool-down ends. One success clears the count.
/// </summary>
internal sealed class ProviderHealth(TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;

    public DateTimeOffset? CoolingDownUntil { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public bool IsCoolingDown => CoolingDownUntil is { } until && until > time.GetUtcNow();

    public void RecordSuccess()
    {
        if (_consecutiveFailures == 0 && CoolingDownUntil is null)
        {
            return;
        }

        lock (_lock)
        {
            _consecutiveFailures = 0;
            CoolingDownUntil = null;
        }
    }

    /// <returns>True when this failure started a cool-down.</returns>
    public bool RecordFailure(string error, int threshold, TimeSpan coolDown)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            LastError = error;
            LastErrorAt = now;
            _consecutiveFailures++;
            if (_consecutiveFailures >= threshold && coolDown > TimeSpan.Zero)
            {
                _consecutiveFailures = 0;
                CoolingDownUntil = now + coolDown;
                return true;
            }

            return false;
        }
    }
}
