using System.Globalization;
using System.Text;
using Warbler.Contracts.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>Usage groups as CSV (RFC 4180): a header row, then one row per group, in the invariant culture.</summary>
internal static class UsageCsv
{
    public const string Header = "group,name,requests,prompt_tokens,cached_tokens,cache_write_tokens,completion_tokens,total_tokens,estimated_requests,cost\r\n";

    public static string Row(UsageGroup group)
    {
        var t = group.Totals;
        var row = new StringBuilder();
        row.Append(Field(group.Group)).Append(',').Append(Field(Inert(group.Name ?? "")));
        foreach (var number in new[] { t.Requests, t.PromptTokens, t.CachedTokens, t.CacheWriteTokens, t.CompletionTokens, t.TotalTokens, t.EstimatedRequests })
        {
            row.Append(',').Append(number.ToString(CultureInfo.InvariantCulture));
        }

        // Divided by 1.000… to drop the trailing zeros a numeric column gives back (1.7500000000 → 1.75).
        return row.Append(',').Append((t.Cost / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)).Append("\r\n").ToString();
    }

    /// <summary>A name people chose, kept from being read as a formula by a spreadsheet (OWASP's advice: a leading quote).</summary>
    public static string Inert(string name) => name.Length > 0 && name[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + name : name;

    /// <summary>Quoted when it holds a comma, a quote or a line break, quotes doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
