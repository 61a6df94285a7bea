using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Warbler.SampleMcp;

/// <summary>Tools whose answers depend only on their arguments (and, for the clock, the time).</summary>
[McpServerToolType]
public static class SampleTools
{
    [McpServerTool(Name = "utc_now", ReadOnly = true), Description("The current date and time in UTC, as ISO 8601.")]
    public static string UtcNow(TimeProvider time) => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [McpServerTool(Name = "add", ReadOnly = true), Description("Adds two numbers: a + b.")]
    public static double Add([Description("The first number.")] double a, [Description("The second number.")] double b) => a + b;

    [McpServerTool(Name = "subtract", ReadOnly = true), Description("Subtracts b from a: a - b.")]
    public static double Subtract([Description("The number to subtract from.")] double a, [Description("The number to subtract.")] double b) => a - b;

    [McpServerTool(Name = "multiply", ReadOnly = true), Description("Multiplies two numbers: a × b.")]
    public static double Multiply([Description("The first number.")] double a, [Description("The second number.")] double b) => a * b;

    [McpServerTool(Name = "divide", ReadOnly = true), Description("Divides a by b: a ÷ b.")]
    public static double Divide([Description("The dividend.")] double a, [Description("The divisor, not 0.")] double b) =>
        b == 0 ? throw new McpException("Cannot divide by zero.") : a / b;

    [McpServerTool(Name = "lookup_capital", ReadOnly = true), Description("The capital city of a country, from a fixed table of 20 countries.")]
    public static string LookupCapital([Description("The country, in English, such as France.")] string country) =>
        Capitals.Find(country) is { } found
            ? $"The capital of {found.Country} is {found.Capital}."
            : throw new McpException($"No capital is known for '{(country.Length > 100 ? country[..100] + "…" : country)}'. Known countries: {string.Join(", ", Capitals.Countries)}.");
}
