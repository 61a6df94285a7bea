using System.Text.Json;

namespace Warbler.Gateway.Providers;

/// <summary>The demo's moderations: each input flagged for the categories of a few listed words, with OpenAI's categories and scores.</summary>
internal static class DemoModeration
{
    /// <summary>OpenAI's moderation categories, each with the words the demo flags it for.</summary>
    private static readonly (string Category, string[] Words)[] Flagged =
    [
        ("harassment", ["idiot", "stupid", "loser"]),
        ("harassment/threatening", ["threaten"]),
        ("hate", ["hate"]),
        ("hate/threatening", []),
        ("illicit", ["steal", "smuggle"]),
        ("illicit/violent", ["bomb"]),
        ("self-harm", ["suicide"]),
        ("self-harm/intent", []),
        ("self-harm/instructions", []),
        ("sexual", ["porn"]),
        ("sexual/minors", []),
        ("violence", ["kill", "murder", "attack"]),
        ("violence/graphic", ["gore"]),
    ];

    public static HttpResponseMessage Answer(JsonElement root, string model, long created)
    {
        var texts = new List<string>();
        if (root.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                texts.Add(input.GetString()!);
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    texts.Add(item.ValueKind == JsonValueKind.String ? item.GetString()!
                        : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "");
                }
            }
        }

        return DemoMedia.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", $"modr-demo{created}");
            writer.WriteString("model", model);
            writer.WriteStartArray("results");
            foreach (var text in texts)
            {
                var words = text.ToLowerInvariant();
                var hits = Flagged.Select(c => (c.Category, Hit: c.Words.Any(w => words.Contains(w, StringComparison.Ordinal)))).ToList();
                writer.WriteStartObject();
                writer.WriteBoolean("flagged", hits.Any(h => h.Hit));
                writer.WriteStartObject("categories");
                foreach (var (category, hit) in hits)
                {
                    writer.WriteBoolean(category, hit);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("category_scores");
                foreach (var (category, hit) in hits)
                {
                    writer.WriteNumber(category, hit ? 0.97 : 0.0001);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
