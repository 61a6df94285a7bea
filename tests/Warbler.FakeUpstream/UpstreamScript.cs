using System.Text.Json;

namespace Warbler.FakeUpstream;

/// <summary>
/// How the fake upstream answers one request. Build with the static methods; the fake plays
/// queued scripts in order, then its default.
/// </summary>
public sealed record UpstreamScript
{
    public int Status { get; init; } = 200;

    /// <summary>The answer's text (chat content, or completion text).</summary>
    public string Text { get; init; } = "Hello from the fake upstream.";

    /// <summary>An exact body to send instead of a generated answer.</summary>
    public string? RawBody { get; init; }

    /// <summary>An exact event stream (<c>text/event-stream</c>) to send to a streamed request instead of a generated one.</summary>
    public string? RawStream { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Wait before sending the headers.</summary>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <summary>Stream the text in this many chunks when the request asks for a stream.</summary>
    public int Chunks { get; init; } = 5;

    /// <summary>Pause between stream chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Abort the connection after this many stream chunks.</summary>
    public int? DropAfterChunks { get; init; }

    /// <summary>
    /// Send a whole (non-streamed) body this many bytes at a time, its headers first, with
    /// <see cref="TrickleDelay"/> between the pieces: an upstream that never falls silent for
    /// long, yet takes its time.
    /// </summary>
    public int? TrickleBytes { get; init; }

    /// <summary>Pause between the pieces of a trickled body (<see cref="TrickleBytes"/>).</summary>
    public TimeSpan TrickleDelay { get; init; }

    /// <summary>Reset the connection (a TCP RST) once the request has arrived, before any response header is sent.</summary>
    public bool ResetBeforeHeaders { get; init; }

    /// <summary>Send the usage chunk when asked for it (as OpenAI does); false imitates servers that never send usage.</summary>
    public bool SendsUsage { get; init; } = true;

    /// <summary>
    /// Embeddings made from each input's words (hashed into the vector), so texts sharing words get
    /// close vectors and retrieval finds the passage that answers; otherwise each vector depends only on its index.
    /// </summary>
    public bool EmbedsWords { get; init; }

    public int PromptTokens { get; init; } = 11;

    public int CompletionTokens { get; init; } = 7;

    /// <summary>Prompt tokens the fake says it served from its cache; reported only when more than 0.</summary>
    public int CachedTokens { get; init; }

    /// <summary>Prompt tokens the fake says it wrote to its cache (Anthropic's <c>cache_creation_input_tokens</c>); reported on <c>/v1/messages</c> only.</summary>
    public int CacheWriteTokens { get; init; }

    /// <summary>On <c>/v1/messages</c>: the answer stopped at this one of the request's <c>stop_sequences</c> (<c>stop_reason</c> <c>stop_sequence</c>).</summary>
    public string? StopSequence { get; init; }

    /// <summary>On a <c>/v1/messages</c> stream: <c>message_delta</c>'s usage repeats the input and cache counts, as newer API versions send it.</summary>
    public bool DeltaRepeatsInput { get; init; }

    /// <summary>The <c>id</c> (chat), <c>call_id</c> (Responses) or <c>tool_use</c> id (Anthropic) of the call a <see cref="CallTool"/> answer makes.</summary>
    public const string ToolCallId = "call_fake_1";

    /// <summary>
    /// When set, the answer calls this function after its <see cref="Text"/>, if any: a chat
    /// <c>tool_calls</c> entry, a Responses <c>function_call</c> item or an Anthropic <c>tool_use</c> block.
    /// </summary>
    public string? ToolName { get; init; }

    /// <summary>The JSON arguments of the <see cref="ToolName"/> call.</summary>
    public string ToolArguments { get; init; } = "{}";

    /// <summary>The length of the audio a transcription or translation says it heard (<c>duration</c> in verbose_json).</summary>
    public double AudioSeconds { get; init; } = 2.5;

    public static UpstreamScript Answer(string text = "Hello from the fake upstream.") => new() { Text = text };

    /// <summary>An answer that calls <paramref name="name"/> with <paramref name="arguments"/>, after <paramref name="text"/> if any.</summary>
    public static UpstreamScript CallTool(string name, string arguments, string text = "") => new() { ToolName = name, ToolArguments = arguments, Text = text };

    /// <summary>A whole answer whose body arrives <paramref name="bytes"/> at a time, every <paramref name="delay"/>.</summary>
    public static UpstreamScript Trickle(int bytes, TimeSpan delay, string text = "Hello from the fake upstream.") =>
        new() { Text = text, TrickleBytes = bytes, TrickleDelay = delay };

    /// <summary>A connection reset before any response header: the upstream (or something on the way) dropped the call.</summary>
    public static UpstreamScript Reset() => new() { ResetBeforeHeaders = true };

    /// <summary>An error as Anthropic's API sends it: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
    public static UpstreamScript AnthropicFail(int status, string type, string message = "The fake upstream failed on purpose.") => new()
    {
        Status = status,
        RawBody = JsonSerializer.Serialize(new { type = "error", error = new { type, message } }),
    };

    public static UpstreamScript Fail(int status, string message = "The fake upstream failed on purpose.", string? retryAfter = null, string? retryAfterMs = null)
    {
        var headers = new Dictionary<string, string>();
        if (retryAfter is not null)
        {
            headers["Retry-After"] = retryAfter;
        }

        if (retryAfterMs is not null)
        {
            headers["retry-after-ms"] = retryAfterMs;
        }

        return new UpstreamScript
        {
            Status = status,
            Headers = headers,
            RawBody = JsonSerializer.Serialize(new { error = new { message, type = "fake_error", param = (string?)null, code = $"fake_{status}" } }),
        };
    }
}
