using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Makes every streamed request ask the upstream for its usage chunk
/// (<c>stream_options.include_usage</c>), so streams are billed by the upstream's own count.
/// Whether the client sees that chunk is decided when relaying.
/// </summary>
internal static class StreamUsageRequest
{
    private static readonly byte[] IncludeUsageProperty = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();

    public static ReadOnlyMemory<byte> Ensure(ReadOnlyMemory<byte> body, RequestFields fields)
    {
        if (!fields.Stream || fields.IncludeUsage)
        {
            return body;
        }

        if (!fields.HasStreamOptions)
        {
            // The common case, done without parsing: the checked body is an object with other
            // members and no 'stream_options', so the property can lead it.
            var open = body.Span.IndexOf((byte)'{') + 1;
            var spliced = new byte[body.Length + IncludeUsageProperty.Length];
            body.Span[..open].CopyTo(spliced);
            IncludeUsageProperty.CopyTo(spliced.AsSpan(open));
            body.Span[open..].CopyTo(spliced.AsSpan(open + IncludeUsageProperty.Length));
            return spliced;
        }

        var root = (JsonObject)JsonNode.Parse(body.Span)!;
        var options = root["stream_options"] as JsonObject ?? [];
        options["include_usage"] = true;
        root["stream_options"] = options;
        return JsonSerializer.SerializeToUtf8Bytes(root, GatewayJson.SerializerOptions);
    }
}
