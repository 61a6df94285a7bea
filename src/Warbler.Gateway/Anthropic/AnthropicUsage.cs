using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warbler.Gateway.Anthropic;

/// <summary>Token counts of an Anthropic answer, gathered from <c>message_start</c> and <c>message_delta</c> (or a whole answer's <c>usage</c>).</summary>
internal sealed class AnthropicUsage
{
    public int Input { get; private set; }

    public int Output { get; private set; }

    public int CacheRead { get; private set; }

    public int CacheWrite { get; private set; }

    /// <summary>Takes the counts <paramref name="usage"/> gives; a later event's counts replace an earlier one's, as they are running totals.</summary>
    public AnthropicUsage Add(JsonObject usage)
    {
        Input = IntOf(usage["input_tokens"]) ?? Input;
        Output = IntOf(usage["output_tokens"]) ?? Output;
        CacheRead = IntOf(usage["cache_read_input_tokens"]) ?? CacheRead;
        CacheWrite = IntOf(usage["cache_creation_input_tokens"]) ?? CacheWrite;
        return this;
    }

    private static int? IntOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;
}
