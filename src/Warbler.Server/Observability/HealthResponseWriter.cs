using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Warbler.Server.Observability;

/// <summary>
/// Writes a health report as JSON, so whoever sees a 503 also sees which check failed and why:
/// <c>{"status":"Unhealthy","checks":{"providers":{"status":"Unhealthy","description":"…","data":{…}}}}</c>.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            // An exception's message may name hosts or files, and this answer needs no key: the log has it.
            json.WriteString("description", entry.Exception is null ? entry.Description : "The check failed with an error; the server log has it.");
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    json.WriteString(key, value?.ToString());
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
