using System.Text.Json;

namespace Warbler.Testing;

/// <summary>Reads a server-sent-event body the way OpenAI's clients do.</summary>
public static class SseEvents
{
    /// <summary>The <c>data:</c> payloads, in order; fails if an event is not framed as <c>data: ...\n\n</c>.</summary>
    public static List<string> Parse(string body)
    {
        var events = new List<string>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var line = block.Trim('\n');
            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            events.Add(line["data: ".Length..]);
        }

        return events;
    }

    public static string DeltaContent(string chunk)
    {
        using var document = JsonDocument.Parse(chunk);
        var choices = document.RootElement.GetProperty("choices");
        return choices.GetArrayLength() == 0 || !choices[0].GetProperty("delta").TryGetProperty("content", out var content)
            ? ""
            : content.GetString() ?? "";
    }
}
