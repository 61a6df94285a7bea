using System.Text.Json;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Models;

/// <summary>The outcome of one test call to a provider.</summary>
internal sealed record ProbeResult(bool Ok, int? Status, double LatencyMs, int? Models, string? Error);

/// <summary>
/// Tests a provider with a real call: it lists the upstream's models, within the provider's own
/// timeouts. Nothing here touches the provider's health; the error never carries its key.
/// </summary>
internal sealed class ProviderProbe(TimeProvider time)
{
    /// <summary>More than any real model list; a larger answer is not read whole.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public async Task<ProbeResult> ProbeAsync(Provider provider, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int? status = null;
        using var firstByte = new CancellationTokenSource(provider.Timeouts.FirstByte, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, firstByte.Token);
        try
        {
            using var request = provider.CreateRequest(UpstreamOperation.Models, null, null);
            using var response = await provider.Invoker.SendAsync(request, linked.Token);
            status = (int)response.StatusCode;
            var body = await ReadBoundedAsync(response.Content, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Result(false, status, null, $"HTTP {status} {response.ReasonPhrase}{UpstreamMessage(body, provider)}");
            }

            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return Result(false, status, null, "The answer is not a model list ({\"data\": [...]}).");
            }

            return Result(true, status, ModelCatalog.Parse(document.RootElement, provider.Name).Count, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(false, status, null, firstByte.IsCancellationRequested
                ? $"No answer within {provider.Timeouts.FirstByte.TotalSeconds:0.###} s."
                : $"Could not connect within {provider.Timeouts.Connect.TotalSeconds:0.###} s.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or IOException or InvalidDataException)
        {
            return Result(false, status, null, provider.Redact(Describe(exception)));
        }

        ProbeResult Result(bool ok, int? statusCode, int? models, string? error) =>
            new(ok, statusCode, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1), models, error);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"The answer is larger than {MaxBodyBytes / (1024 * 1024)} MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The upstream's own error message, when it sent one in OpenAI's shape, with the key blotted out.</summary>
    private static string UpstreamMessage(byte[] body, Provider provider)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                var text = message.GetString()!;
                return ": " + provider.Redact(text.Length > 500 ? text[..500] + "…" : text);
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private static string Describe(Exception exception) =>
        exception is HttpRequestException && exception.InnerException is { Message.Length: > 0 } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;
}
