using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warbler.Gateway.Admin;

/// <summary>
/// Reads an admin request body, answering a malformed one with a ProblemDetails that names the
/// field at fault instead of a bare 400. The body's text is never echoed back.
/// </summary>
internal static class AdminJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                "The body must be JSON, sent as Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return (null, Invalid("body", $"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Invalid("body", "The body must be a JSON object."));
            }

            try
            {
                return (document.RootElement.Deserialize<T>(Options), null);
            }
            catch (JsonException exception)
            {
                var field = FieldOf(exception.Path);
                return (null, Invalid(field, $"{field} has the wrong type or format."));
            }
        }
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary><c>$.timeouts.connect</c> → <c>timeouts.connect</c>; <c>$.models[2]</c> → <c>models</c>.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        field = bracket >= 0 ? field[..bracket] : field;
        return field.Length == 0 ? "body" : field;
    }
}
