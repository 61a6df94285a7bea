using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Relay;

/// <summary>
/// An upstream's error answer as Warbler passes it on: the error to report (naming the provider),
/// how long the caller should wait, and whether the upstream's own OpenAI-shaped body may be relayed as it is.
/// </summary>
internal sealed record UpstreamFailure(OpenAIError Error, TimeSpan? RetryAfter, string? ProviderMessage, ReadOnlyMemory<byte> Body, bool RelayBody)
{
    /// <summary>The error format <see cref="Body"/> is in: Anthropic's (<c>"type":"error"</c>) or else OpenAI's.</summary>
    public ErrorDialect BodyDialect { get; init; }

    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Reads the error body (what arrives of it) and describes it: 5xx become 502 (or stay 503/504),
    /// 4xx keep their status. The wait for a 429 or 503 is the one Warbler worked out
    /// (<see cref="UpstreamAnswer.RetryAfter"/>), else the upstream's own.
    /// </summary>
    public static async Task<UpstreamFailure> ReadAsync(UpstreamAnswer answer, TimeProvider time, CancellationToken cancellationToken)
    {
        var upstream = answer.Response;
        var provider = answer.Provider.Name;
        var status = (int)upstream.StatusCode;
        var body = new ArrayBufferWriter<byte>(1024);
        try
        {
            await UpstreamBody.ReadAllAsync(answer, body, MaxErrorBodyBytes, time, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UpstreamTimeoutException or UpstreamBody.TooLargeException && !cancellationToken.IsCancellationRequested)
        {
            // The status says enough.
        }

        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            // The upstream refused Warbler's provider key, not the caller's. Its message is not
            // passed on: it may quote part of the provider key.
            return new UpstreamFailure(
                OpenAIError.BadGateway($"Provider '{provider}' refused Warbler's credentials with HTTP {status}. An operator should check that provider's API key."),
                null, null, default, false);
        }

        // Some upstreams quote the key they were sent in their error text: it is blotted out, and a
        // body that quotes it is not passed on as it is.
        var upstreamMessage = ReadErrorMessage(body.WrittenSpan) is { } text ? answer.Provider.Redact(text) : null;
        if (status < 500)
        {
            var message = $"Provider '{provider}' refused the request with HTTP {status}: {upstreamMessage ?? upstream.ReasonPhrase}";
            var shape = ErrorShape(body.WrittenSpan);
            return new UpstreamFailure(
                new OpenAIError(status, message, "invalid_request_error", Code: "upstream_error"),
                answer.RetryAfter ?? Errors.RetryAfter.Read(upstream, time),
                upstreamMessage,
                body.WrittenMemory,
                upstreamMessage is not null && shape is not null && !answer.Provider.IsQuotedIn(body.WrittenSpan))
            {
                BodyDialect = shape ?? ErrorDialect.OpenAI,
            };
        }

        var failure = $"Provider '{provider}' failed with HTTP {status}: {upstreamMessage ?? upstream.ReasonPhrase}";
        var error = status switch
        {
            503 => OpenAIError.Unavailable(failure),
            504 => OpenAIError.GatewayTimeout(failure),
            _ => OpenAIError.BadGateway(failure),
        };
        return new UpstreamFailure(error, status == 503 ? answer.RetryAfter ?? Errors.RetryAfter.Read(upstream, time) : null, upstreamMessage, default, false);
    }

    /// <summary>
    /// The failure as the gateway's one failure type, for in-process callers. Refusing this very
    /// request (400, 404, 413, 422…) is an upstream error; overload, timeouts, server errors and a
    /// refused provider key are the providers being unavailable.
    /// </summary>
    public OpenAIErrorException ToException(UpstreamAnswer answer)
    {
        var upstreamStatus = (int)answer.Response.StatusCode;
        var unavailable = upstreamStatus >= 500 || upstreamStatus is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            or StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests;
        return new OpenAIErrorException(Error, unavailable ? GatewayErrorKind.ProvidersUnavailable : GatewayErrorKind.UpstreamError)
        {
            RetryAfter = RetryAfter,
            Provider = answer.Provider.Name,
            UpstreamStatus = upstreamStatus,
            ProviderMessage = ProviderMessage,
        };
    }

    /// <summary>A provider that broke off its answer after it began: a 502, as the error event on <c>/v1</c> says.</summary>
    public static OpenAIErrorException BrokenOff(string provider, string reason) => new(
        OpenAIError.BadGateway($"Provider '{provider}' broke off the stream: {reason}."), GatewayErrorKind.UpstreamError)
    {
        Provider = provider,
    };

    /// <summary>The dialect of an error body with an <c>error</c> object (Anthropic's adds <c>"type":"error"</c>); null for any other body.</summary>
    private static ErrorDialect? ErrorShape(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("error"u8)
                ? ErrorDialect.Anthropic
                : ErrorDialect.OpenAI;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The upstream's own words: <c>error.message</c>, <c>error</c> as a string, or short plain text.</summary>
    private static string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var plain) && plain.ValueKind == JsonValueKind.String)
            {
                return plain.GetString();
            }
        }
        catch (JsonException)
        {
            var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).Trim();
            return text.Length > 0 ? text : null;
        }

        return null;
    }
}
