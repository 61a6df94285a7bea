using System.Text.Json;

namespace Warbler.Bench.Im;

/// <summary>
/// Reads the fields the benchmark needs from a message as the hub sends it (the REST API's JSON:
/// <c>id</c>, <c>roomId</c>, <c>sender {type, id, name}</c>, <c>text</c>, <c>clientMessageId</c>,
/// <c>status</c>, …). Names are matched exactly first, then ignoring case, in case the hub's JSON
/// options differ from the REST API's.
/// </summary>
internal static class MessageJson
{
    public static string? String(JsonElement message, string name) =>
        Property(message, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long? Int64(JsonElement message, string name) =>
        Property(message, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static Guid? Guid(JsonElement message, string name) =>
        Property(message, name) is { ValueKind: JsonValueKind.String } value && value.TryGetGuid(out var id) ? id : null;

    /// <summary>"user" or "bot", from <c>sender.type</c>.</summary>
    public static string? SenderType(JsonElement message) =>
        Property(message, "sender") is { ValueKind: JsonValueKind.Object } sender ? String(sender, "type") : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
