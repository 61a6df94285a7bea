using System.Globalization;

namespace Warbler.Cli.Output;

/// <summary>How times and numbers read in tables: UTC, to the minute; thousands separated.</summary>
internal static class Format
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Money(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
