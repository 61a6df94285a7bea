namespace Warbler.Data;

/// <summary>Times are stored in UTC; SQLite hands them back without saying so.</summary>
public static class StoredTime
{
    public static DateTimeOffset AsUtc(this DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
