using System.Text.Json;

namespace Warbler.Testing;

/// <summary>The parts of a ProblemDetails answer tests check.</summary>
public sealed record ProblemBody(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Reads <c>application/problem+json</c>, failing the test when the answer is something else.</summary>
    public static async Task<ProblemBody> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"Not ProblemDetails: {response.Content.Headers.ContentType} {text}");
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var errors = new Dictionary<string, string[]>();
        if (root.TryGetProperty("errors", out var fields))
        {
            foreach (var field in fields.EnumerateObject())
            {
                errors[field.Name] = field.Value.EnumerateArray().Select(message => message.GetString()!).ToArray();
            }
        }

        Assert.Equal((int)response.StatusCode, root.GetProperty("status").GetInt32());
        return new ProblemBody(
            root.GetProperty("status").GetInt32(),
            root.TryGetProperty("title", out var title) ? title.GetString() : null,
            root.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
            errors);
    }
}
