using System.Text.Json;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>A Responses event stream as a client reads it: each event's <c>event:</c> name and its <c>data:</c> JSON.</summary>
public sealed record ResponsesEventStream(List<(string Name, JsonElement Data)> Events)
{
    public IEnumerable<string> Names => Events.Select(e => e.Name);

    public static ResponsesEventStream Parse(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0)
            {
                continue;
            }

            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var data = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            var name = lines[0]["event: ".Length..];
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add((name, data));
        }

        return new ResponsesEventStream(events);
    }

    public JsonElement Last(string name) => Events.Last(e => e.Name == name).Data;
}
