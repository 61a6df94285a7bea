using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Warbler.Cli.Completions;

/// <summary>Numeric flags whose errors name the flag and its allowed range, in place of the parser's type names.</summary>
internal static class NumberOption
{
    /// <summary>A number from <paramref name="lowest"/> to <paramref name="highest"/>, both included.</summary>
    public static Option<T?> Between<T>(string name, string description, T lowest, T highest)
        where T : struct, INumber<T> =>
        Create<T>(name, description, value => value >= lowest && value <= highest, $"a number between {lowest} and {highest}");

    /// <summary>A whole or decimal number of at least <paramref name="lowest"/>, or more than zero when <paramref name="lowest"/> is zero.</summary>
    public static Option<T?> AtLeast<T>(string name, string description, T lowest)
        where T : struct, INumber<T> =>
        T.IsZero(lowest)
            ? Create<T>(name, description, value => value > T.Zero, "a number more than 0")
            : Create<T>(name, description, value => value >= lowest, $"a whole number, {lowest} or more");

    private static Option<T?> Create<T>(string name, string description, Func<T, bool> allowed, string expected)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            HelpName = typeof(T) == typeof(int) || typeof(T) == typeof(long) ? "n" : "number",
            CustomParser = result => Parse(result, name, allowed, expected),
        };

    private static T? Parse<T>(ArgumentResult result, string name, Func<T, bool> allowed, string expected)
        where T : struct, INumber<T>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && allowed(value))
        {
            return value;
        }

        result.AddError($"{name} must be {expected}, not '{text}'.");
        return null;
    }
}
