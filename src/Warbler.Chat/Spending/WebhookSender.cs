using System.Net.Http.Headers;
using System.Text;

namespace Warbler.Chat.Spending;

/// <summary>One attempt at a webhook: a signed POST, with the configured timeout.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "warbler-webhooks";

    /// <summary>Null when the receiver accepted it (any 2xx); otherwise why not, short, for the log.</summary>
    public async Task<string?> SendAsync(Guid eventId, string body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(settings.Secret!, timestamp, body));
        request.Headers.Add("Warbler-Event-Id", eventId.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException exception)
        {
            return exception.HttpRequestError.ToString();
        }
    }
}
