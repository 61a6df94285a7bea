using System.Text.Json;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>Reads a journal file back. A line that is not a whole record (the last one, cut by a crash mid-write) is skipped and logged.</summary>
internal static class JournalFile
{
    public static List<UsageRecord> Read(string path, ILogger logger)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<UsageRecord>();
        var rest = bytes.AsSpan();
        var line = 0;
        while (!rest.IsEmpty)
        {
            line++;
            var end = rest.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (text.IsEmpty)
            {
                continue;
            }

            UsageRecord? record = null;
            try
            {
                record = JsonSerializer.Deserialize(text, JournalJson.Default.UsageRecord);
            }
            catch (JsonException)
            {
                // Handled below with the other lines that are not records.
            }

            if (record is null)
            {
                JournalLog.LineSkipped(logger, path, line, text.Length);
                continue;
            }

            records.Add(record);
        }

        return records;
    }
}
