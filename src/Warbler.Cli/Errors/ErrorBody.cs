using System.Text.Json;

namespace Warbler.Cli.Errors;

/// <summary>The human part of an error answer: OpenAI's <c>error.message</c> or a ProblemDetails' detail and field errors.</summary>
internal static class ErrorBody
{
    private const int MaxLength = 300;

    public static string Message(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "no details given.";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                    error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return OneLine(message.GetString());
                }

                if (FieldErrors(root) is { Count: > 0 } fields)
                {
                    return OneLine(string.Join(" ", fields.Select(f => f.Message)));
                }

                if ((Text(root, "detail") ?? Text(root, "title")) is { } detail)
                {
                    return OneLine(detail);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): shown as it is, shortened.
        }

        return OneLine(body);
    }

    /// <summary>A ProblemDetails' <c>errors</c>: each field and its first message.</summary>
    public static List<(string Field, string Message)> FieldErrors(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? FieldErrors(document.RootElement) : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static List<(string Field, string Message)> FieldErrors(JsonElement root)
    {
        var found = new List<(string, string)>();
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var first = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : null).FirstOrDefault(m => m is not null)
                    : null;
                found.Add((field.Name, first ?? "is not valid."));
            }
        }

        return found;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string OneLine(string? text)
    {
        var line = string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > MaxLength ? line[..MaxLength] + "…" : line;
    }
}
