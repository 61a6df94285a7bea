using System.Text.Json;

namespace Warbler.Testing;

/// <summary>The parts of an OpenAI error body tests check.</summary>
public sealed record OpenAIErrorBody(string Message, string Type, string? Param, string? Code)
{
    /// <summary>Reads <c>{"error":{...}}</c>, failing the test when the body has another shape.</summary>
    public static async Task<OpenAIErrorBody> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error");
        return new OpenAIErrorBody(
            error.GetProperty("message").GetString()!,
            error.GetProperty("type").GetString()!,
            error.GetProperty("param").GetString(),
            error.GetProperty("code").GetString());
    }
}
