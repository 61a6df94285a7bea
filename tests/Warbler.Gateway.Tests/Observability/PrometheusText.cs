using System.Globalization;
using System.Text;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>Reads samples out of the Prometheus text format that <c>/metrics</c> serves.</summary>
internal static class PrometheusText
{
    /// <summary>Longer than any measurement takes to appear; metrics are recorded just after the answer goes out.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The sum of <paramref name="metric"/>'s samples whose labels include all of
    /// <paramref name="labels"/>; null when there is none.
    /// </summary>
    public static double? Value(string text, string metric, params (string Name, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || !TryParse(line, out var name, out var sampleLabels, out var value) || name != metric)
            {
                continue;
            }

            if (labels.All(label => sampleLabels.TryGetValue(label.Name, out var actual) && actual == label.Value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }

    /// <summary>Scrapes <c>/metrics</c> until <paramref name="done"/> holds, failing with the last scrape at the deadline.</summary>
    public static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            var text = await response.Content.ReadAsStringAsync();
            if (done(text))
            {
                return text;
            }

            Assert.True(DateTimeOffset.UtcNow < giveUpAt, $"/metrics never showed what was expected; the last scrape:\n{text}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Parses <c>name{label="value",…} value [timestamp]</c>.</summary>
    private static bool TryParse(string line, out string name, out Dictionary<string, string> labels, out double value)
    {
        labels = [];
        value = 0;
        var position = line.IndexOfAny(['{', ' ']);
        name = position < 0 ? line : line[..position];
        if (position < 0)
        {
            return false;
        }

        if (line[position] == '{')
        {
            position = ReadLabels(line, position + 1, labels);
        }

        var rest = line[position..].Trim().Split(' ');
        return double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads <c>key="value"</c> pairs up to the closing brace; returns the index after it.</summary>
    private static int ReadLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (line[position] != '}')
        {
            var equals = line.IndexOf('=', position);
            var key = line[position..equals].Trim(',', ' ');
            var text = new StringBuilder();
            position = equals + 2;
            for (; line[position] != '"'; position++)
            {
                if (line[position] == '\\')
                {
                    position++;
                    text.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    text.Append(line[position]);
                }
            }

            labels[key] = text.ToString();
            position++;
            if (line[position] == ',')
            {
                position++;
            }
        }

        return position + 1;
    }
}
