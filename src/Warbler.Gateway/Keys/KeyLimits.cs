namespace Warbler.Gateway.Keys;

/// <summary>A key's rate limits; null means no limit of that kind.</summary>
public sealed record KeyLimits(int? RequestsPerMinute, int? TokensPerMinute, int? MaxConcurrentRequests)
{
    public static readonly KeyLimits None = new(null, null, null);

    public bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrentRequests is not null;
}
