using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's calls of tools a question asks for without naming them: sums such as "what is 6 times 7"
/// go to a calculator tool (one named after the operation, such as <c>multiply</c>, or a <c>calc…</c> tool
/// with an operation parameter), the numbers in its number parameters; "what time is it" goes to a clock
/// (a tool named after the time, the date or now). A sum is read before <see cref="DemoToolCall"/> looks for a
/// tool the question names (it would find <c>divide</c> in "divided" and pass no numbers); the clock after it.
/// </summary>
internal static partial class DemoToolMatch
{
    private static readonly (string Operation, string Symbol, string[] Words)[] Operations =
    [
        ("add", "+", ["+", "plus", "add", "added to"]),
        ("subtract", "-", ["-", "minus", "subtract"]),
        ("multiply", "*", ["*", "x", "×", "times", "multiplied by", "multiply"]),
        ("divide", "/", ["/", "÷", "divided by", "over", "divide"]),
    ];

    /// <summary>A calculator call for a sum in the question ("6 times 7"), or null; tried before the tools the question names, as it reads the numbers.</summary>
    public static DemoToolCall? ChooseCalculator(JsonElement request, string question, string lastRole, string id)
    {
        if (Sum().Match(question) is not { Success: true } sum)
        {
            return null;
        }

        var operation = Operations.First(o => o.Words.Contains(sum.Groups["op"].Value.ToLowerInvariant()));
        foreach (var function in Functions(request, lastRole))
        {
            var name = function.GetProperty("name").GetString()!;
            if (name.Contains(operation.Operation, StringComparison.OrdinalIgnoreCase) || name.Contains("calc", StringComparison.OrdinalIgnoreCase))
            {
                return new DemoToolCall(id, name, Arguments(function, operation, sum.Groups["a"].Value, sum.Groups["b"].Value));
            }
        }

        return null;
    }

    /// <summary>A clock call when the question asks the time or the date, or null.</summary>
    public static DemoToolCall? ChooseClock(JsonElement request, string question, string lastRole, string id)
    {
        if (!Clock().IsMatch(question))
        {
            return null;
        }

        foreach (var function in Functions(request, lastRole))
        {
            var name = function.GetProperty("name").GetString()!;
            if (name.Contains("time", StringComparison.OrdinalIgnoreCase) || name.Contains("clock", StringComparison.OrdinalIgnoreCase)
                || name.Contains("now", StringComparison.OrdinalIgnoreCase) || name.Contains("date", StringComparison.OrdinalIgnoreCase))
            {
                return new DemoToolCall(id, name, "{}");
            }
        }

        return null;
    }

    /// <summary>The functions offered, when the last message is the user's and tools may be called.</summary>
    private static List<JsonElement> Functions(JsonElement request, string lastRole)
    {
        if (lastRole != "user" || !request.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array
            || (request.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none")))
        {
            return [];
        }

        return tools.EnumerateArray()
            .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object
                && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .Select(t => t.GetProperty("function"))
            .ToList();
    }

    /// <summary>The two numbers in the function's first two number parameters; an operation or expression parameter gets the operation.</summary>
    private static string Arguments(JsonElement function, (string Operation, string Symbol, string[] Words) operation, string a, string b)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            var numbers = new Queue<string>([a, b]);
            if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    var type = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    if (type is "number" or "integer" && numbers.TryDequeue(out var number))
                    {
                        writer.WritePropertyName(property.Name);
                        writer.WriteRawValue(number);
                    }
                    else if (type == "string" && property.Name.Contains("expr", StringComparison.OrdinalIgnoreCase))
                    {
                        writer.WriteString(property.Name, string.Create(CultureInfo.InvariantCulture, $"{a} {operation.Symbol} {b}"));
                    }
                    else if (type == "string" && property.Name.Contains("op", StringComparison.OrdinalIgnoreCase))
                    {
                        writer.WriteString(property.Name, operation.Operation);
                    }
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [GeneratedRegex(@"(?<a>-?\d{1,15}(?:\.\d{1,15})?)\s*(?<op>\+|plus|added to|-|minus|\*|×|x|times|multiplied by|/|÷|divided by|over)\s*(?<b>-?\d{1,15}(?:\.\d{1,15})?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Sum();

    [GeneratedRegex(@"\b(time|date|clock|today)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
