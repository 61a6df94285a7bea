using System.Net;
using System.Net.Http.Headers;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Anthropic;

/// <summary>
/// Sits on an Anthropic provider's connection and makes it look like an OpenAI-compatible upstream:
/// <c>/v1/chat/completions</c> is sent as <c>/v1/messages</c> and its answer, error or stream
/// comes back in chat completion shapes; <c>/v1/models</c> is mapped likewise. So limits,
/// retries, failover, timeouts and usage work on it as on any provider. Streams are translated
/// event by event as they are read, never buffered. A native call (<c>/v1/messages</c> relayed as the
/// client sent it, and its <c>count_tokens</c>) passes through untouched, answer and errors included,
/// but for 529 (overloaded), which becomes 503 as on the translated path.
/// </summary>
internal sealed class AnthropicUpstreamHandler(AnthropicOptions options, long maxResponseBytes, TimeProvider time) : DelegatingHandler
{
    /// <summary>As much of an error body as the relay reads of any upstream's.</summary>
    private const int MaxErrorBytes = 64 * 1024;

    /// <summary>Anthropic's "overloaded": the unavailability 503 is to failover and clients.</summary>
    private const int OverloadedStatus = 529;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath;
        if (request.Method == HttpMethod.Get && path.EndsWith("/v1/models", StringComparison.Ordinal))
        {
            request.RequestUri = new Uri(uri, "/v1/models?limit=1000");
            var listed = await base.SendAsync(request, cancellationToken);
            return listed.IsSuccessStatusCode ? await ReplaceJsonAsync(listed, AnthropicToChat.Models, maxResponseBytes, cancellationToken) : await MapErrorAsync(listed, cancellationToken);
        }

        if (request.Method == HttpMethod.Post && (path.EndsWith("/v1/messages", StringComparison.Ordinal) || path.EndsWith("/v1/messages/count_tokens", StringComparison.Ordinal)))
        {
            var native = await base.SendAsync(request, cancellationToken);
            if ((int)native.StatusCode == OverloadedStatus)
            {
                native.StatusCode = HttpStatusCode.ServiceUnavailable;
            }

            return native;
        }

        if (request.Method != HttpMethod.Post || !path.EndsWith("/v1/chat/completions", StringComparison.Ordinal) || request.Content is null)
        {
            return Refusal(HttpStatusCode.NotFound, "An Anthropic provider serves only chat completions, messages and the model list.");
        }

        var chat = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var messages = ChatToAnthropicRequest.Translate(chat, options.DefaultMaxTokens, out var problem);
        if (messages is null)
        {
            return Refusal(HttpStatusCode.BadRequest, problem!);
        }

        request.RequestUri = new Uri(uri, "/v1/messages");
        request.Content = new ByteArrayContent(messages);
        request.Content.Headers.ContentType = JsonContentType;
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await MapErrorAsync(response, cancellationToken);
        }

        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var upstream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var translated = new StreamContent(new AnthropicChatStream(upstream, created));
            translated.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            response.Content = translated;
            return response;
        }

        return await ReplaceJsonAsync(response, json => AnthropicToChat.Answer(json, created), maxResponseBytes, cancellationToken);
    }

    private delegate byte[] JsonMap(ReadOnlySpan<byte> json);

    private static async Task<HttpResponseMessage> ReplaceJsonAsync(HttpResponseMessage response, JsonMap map, long limit, CancellationToken cancellationToken)
    {
        if (await ReadLimitedAsync(response, limit, cancellationToken) is not { } body)
        {
            response.Dispose();
            return Refusal(HttpStatusCode.BadGateway, $"The Anthropic provider sent an answer larger than {limit} bytes.");
        }

        response.Content.Dispose();
        response.Content = JsonContent(map(body));
        return response;
    }

    /// <returns>The whole body, or null when it is larger than <paramref name="limit"/>.</returns>
    private static async Task<byte[]?> ReadLimitedAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(chunk, 0, read);
        }

        return body.ToArray();
    }

    /// <summary>Anthropic's error in OpenAI's shape; the response keeps its headers (<c>Retry-After</c> among them).</summary>
    private static async Task<HttpResponseMessage> MapErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(response, MaxErrorBytes, cancellationToken) ?? [];
        var (status, error) = AnthropicToChat.Error((int)response.StatusCode, body);
        response.Content.Dispose();
        response.StatusCode = (HttpStatusCode)status;
        response.Content = JsonContent(error);
        return response;
    }

    private static HttpResponseMessage Refusal(HttpStatusCode status, string message) =>
        new(status) { Content = JsonContent(new OpenAIError((int)status, message, "invalid_request_error").ToUtf8Json()) };

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        return content;
    }
}
