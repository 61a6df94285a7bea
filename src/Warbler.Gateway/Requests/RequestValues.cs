using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>Checks of one JSON value against what a parameter takes, and the 400s that name the parameter.</summary>
internal static class RequestValues
{
    public static string? ExpectString(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(param, "a string", reader.TokenType),
    };

    /// <summary>Checks a string (or null) without reading it.</summary>
    public static void ExpectStringOrNull(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
        {
            throw WrongType(param, "a string", reader.TokenType);
        }
    }

    public static bool? ExpectBool(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw WrongType(param, "a boolean", reader.TokenType),
    };

    public static bool ExpectObjectOrNull(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw WrongType(param, "an object", reader.TokenType),
    };

    public static void ExpectArrayOrNull(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null))
        {
            throw WrongType(param, "an array", reader.TokenType);
        }
    }

    public static void ExpectNumber(ref Utf8JsonReader reader, string param, double min, double max)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(param, "a number", reader.TokenType);
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Invalid(param, $"Invalid '{param}': the number is too large. Expected a value between {min} and {max}.");
        }

        if (value < min)
        {
            throw Invalid(param, $"Invalid '{param}': decimal below minimum value. Expected a value >= {min}, but got {value} instead.", "decimal_below_min_value");
        }

        if (value > max)
        {
            throw Invalid(param, $"Invalid '{param}': decimal above maximum value. Expected a value <= {max}, but got {value} instead.", "decimal_above_max_value");
        }
    }

    public static long? ExpectInteger(ref Utf8JsonReader reader, string param, long min, long max)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(param, "an integer", reader.TokenType);
        }

        if (!reader.TryGetInt64(out var value))
        {
            throw Invalid(param, $"Invalid '{param}': expected an integer between {min} and {max}.", "invalid_type");
        }

        if (value < min)
        {
            throw Invalid(param, $"Invalid '{param}': integer below minimum value. Expected a value >= {min}, but got {value} instead.", "integer_below_min_value");
        }

        if (value > max)
        {
            throw Invalid(param, $"Invalid '{param}': integer above maximum value. Expected a value <= {max}, but got {value} instead.", "integer_above_max_value");
        }

        return value;
    }

    public static OpenAIErrorException Invalid(string param, string message, string code = "invalid_value") =>
        new(OpenAIError.InvalidRequest(message, param, code));

    public static OpenAIErrorException Missing(string param, string message) =>
        new(OpenAIError.InvalidRequest($"Missing required parameter: '{param}': {message}", param, "missing_required_parameter"));

    public static OpenAIErrorException WrongType(string param, string expected, JsonTokenType actual) =>
        new(OpenAIError.InvalidRequest($"Invalid type for '{param}': expected {expected}, but got {Describe(actual)} instead.", param, "invalid_type"));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
