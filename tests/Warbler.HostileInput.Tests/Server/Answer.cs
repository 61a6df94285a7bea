using System.Text.Json;
using Warbler.HostileInput.Tests.Routes;

namespace Warbler.HostileInput.Tests.Server;

/// <summary>What the server answered one hostile request: kept whole so a failure can show it.</summary>
public sealed record Answer(int Status, string? MediaType, string Body)
{
    private const int ShownBodyLength = 600;

    public static async Task<Answer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));

    /// <summary>
    /// Why this answer breaks the rule (never a 5xx; an error in the API's own format), or null.
    /// Kestrel refuses some requests before any route sees them (a URL over its limit, a malformed
    /// request line, and a header block past its limits, <paramref name="headersPastKestrelLimits"/>):
    /// those come with an empty body, which is all it can send. A header block within them reaches
    /// Warbler, so a bare 431 for it is a fault.
    /// </summary>
    public string? Fault(ErrorFormat format, bool headersPastKestrelLimits)
    {
        if (Status >= 500)
        {
            return "a server error";
        }

        if (Status < 400 || format == ErrorFormat.Any)
        {
            return null;
        }

        if (Body.Length == 0 && (Status is 400 or 413 or 414 || (Status == 431 && headersPastKestrelLimits)))
        {
            return null;
        }

        if (Status == 431)
        {
            return "Kestrel's bare 431 for headers within its limits, which should have reached Warbler";
        }

        return format switch
        {
            ErrorFormat.OpenAI => IsOpenAIError() ? null : "not OpenAI's error format",
            ErrorFormat.Anthropic => IsAnthropicError() ? null : "not Anthropic's error format",
            ErrorFormat.ProblemDetails => IsProblemDetails() ? null : "not ProblemDetails",
            _ => null,
        };
    }

    public override string ToString() => $"{Status} {MediaType ?? "(no content type)"} {Shorten(Body, ShownBodyLength)}";

    public static string Shorten(string text, int length) =>
        text.Length <= length ? text : $"{text[..length]}… ({text.Length:N0} characters)";

    private bool IsOpenAIError()
    {
        if (MediaType != "application/json" || !TryParse(out var root) || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0
            && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && error.TryGetProperty("param", out var param) && param.ValueKind is JsonValueKind.String or JsonValueKind.Null
            && error.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private bool IsAnthropicError() =>
        MediaType == "application/json" && TryParse(out var root)
        && root.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "error"
        && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0;

    private bool IsProblemDetails() =>
        MediaType == "application/problem+json" && TryParse(out var root)
        && root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == Status
        && root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String;

    private bool TryParse(out JsonElement root)
    {
        try
        {
            root = JsonDocument.Parse(Body).RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }
}
