using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's function calling, so agent loops can be tried without a key: when a chat request
/// offers function tools and the user's last message names one (by a word of its name other than
/// a verb such as "get", so "weather" asks for <c>get_weather</c>), the demo calls it, passing the
/// question in each string parameter. Once the call's result comes back, it answers in text.
/// </summary>
internal sealed record DemoToolCall(string Id, string Name, string Arguments)
{
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "get", "set", "list", "find", "fetch", "search", "lookup", "look", "up", "call", "run", "do", "make", "create", "read", "show",
    };

    /// <summary>The call to make, or null when there is no tool, none is named, or the last message is already a tool's result.</summary>
    public static DemoToolCall? Choose(JsonElement request, string question, string lastRole, string id)
    {
        if (lastRole != "user" || question.Length == 0 || !request.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array
            || (request.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none")))
        {
            return null;
        }

        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var nameValue) || nameValue.GetString() is not { Length: > 0 } name)
            {
                continue;
            }

            var words = name.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries).Where(w => !Verbs.Contains(w)).ToList();
            if (words.Count > 0 && words.Any(word => question.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                return new DemoToolCall(id, name, ArgumentsFor(function, question));
            }
        }

        return null;
    }

    /// <summary>An object with the question in each string parameter (the required ones, or all when none is required).</summary>
    private static string ArgumentsFor(JsonElement function, string question)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var required = parameters.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet()
                    : null;
                foreach (var property in properties.EnumerateObject())
                {
                    var isString = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var type) && type.ValueEquals("string");
                    if (isString && (required is null || required.Count == 0 || required.Contains(property.Name)))
                    {
                        writer.WriteString(property.Name, question);
                    }
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
