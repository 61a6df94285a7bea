namespace Warbler.Chat;

/// <summary>Stored times are UTC; the database hands them back without saying so.</summary>
internal static class Utc
{
    public static DateTimeOffset Of(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
