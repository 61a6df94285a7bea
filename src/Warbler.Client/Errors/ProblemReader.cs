using System.Net.Http.Headers;
using System.Text.Json;

namespace Warbler.Client.Errors;

/// <summary>Turns a refused answer into a <see cref="WarblerApiException"/>, reading ProblemDetails when the server sent them.</summary>
internal static class ProblemReader
{
    public static async Task<WarblerApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? title = null;
        string? detail = null;
        Dictionary<string, IReadOnlyList<string>>? errors = null;
        try
        {
            if (body.Length > 0 && body.TrimStart().StartsWith('{'))
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                title = StringOf(root, "title");
                detail = StringOf(root, "detail");
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    errors = [];
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(message => message.ToString()).ToList()
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails (a proxy's error page, say): the status says enough.
        }

        if (title is null && detail is null && body.Length > 0 && body.Length <= 500 && response.Content.Headers.ContentType?.MediaType == "text/plain")
        {
            detail = body;
        }

        return new WarblerApiException(response.StatusCode, title ?? response.ReasonPhrase, detail, errors, RetryAfter(response.Headers.RetryAfter));
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}
