using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Client.Errors;

namespace Warbler.Client;

/// <summary>
/// A client of a Warbler server's chat API: sign-in, the signed-in user, bots, rooms, messages and
/// bot replies, streamed or whole. Once signed in it sends the access token with every call and
/// renews it with the refresh token when it expires. For live events, open a
/// <see cref="Realtime.WarblerRealtime"/> with this client.
/// </summary>
/// <remarks>
/// One instance is safe to use from several threads at once. Every call takes a
/// <see cref="CancellationToken"/>; a refused call throws <see cref="WarblerApiException"/>, and a
/// server that cannot be reached throws <see cref="HttpRequestException"/>.
/// </remarks>
public sealed partial class WarblerClient : IDisposable
{
    /// <summary>An access token is renewed this long before it expires, so a call never carries one that expires on the way.</summary>
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longer than HttpClient's 100 seconds: <see cref="ChatAsync"/> waits for a whole bot reply, which a
    /// slow model can take minutes to write. Streams are not limited by it once their headers arrive.
    /// </summary>
    private static readonly TimeSpan WholeAnswerTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;

    /// <summary>A client of the Warbler server at <paramref name="baseAddress"/>, such as <c>http://localhost:5080</c>.</summary>
    /// <param name="baseAddress">The server's address; a path (for a server behind a reverse proxy under a prefix) is kept.</param>
    public WarblerClient(Uri baseAddress)
        : this(new HttpClient { Timeout = WholeAnswerTimeout }, baseAddress, ownsHttp: true, TimeProvider.System)
    {
    }

    /// <summary>
    /// A client that sends its calls through <paramref name="httpClient"/>, whose
    /// <see cref="HttpClient.BaseAddress"/> is the server's address: for <c>IHttpClientFactory</c>
    /// (<c>services.AddHttpClient&lt;WarblerClient&gt;(http =&gt; http.BaseAddress = ...)</c>). The
    /// client is not disposed with this one.
    /// </summary>
    /// <param name="httpClient">The client to send calls with; its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    [ActivatorUtilitiesConstructor]
    public WarblerClient(HttpClient httpClient)
        : this(httpClient, TimeProvider.System)
    {
    }

    /// <summary>As <see cref="WarblerClient(HttpClient)"/>, with the clock that decides when the access token has expired.</summary>
    /// <param name="httpClient">The client to send calls with; its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    /// <param name="timeProvider">The clock.</param>
    public WarblerClient(HttpClient httpClient, TimeProvider timeProvider)
        : this(
            httpClient ?? throw new ArgumentNullException(nameof(httpClient)),
            httpClient.BaseAddress ?? throw new ArgumentException("Set the HttpClient's BaseAddress to the Warbler server's address.", nameof(httpClient)),
            ownsHttp: false,
            timeProvider)
    {
    }

    private WarblerClient(HttpClient http, Uri baseAddress, bool ownsHttp, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(time);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The server's address must be absolute, such as http://localhost:5080.", nameof(baseAddress));
        }

        // Relative paths resolve under the base address only when it ends with a slash.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = http;
        _ownsHttp = ownsHttp;
        _time = time;
    }

    /// <summary>The server's address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Disposes the <see cref="HttpClient"/> if this client made it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _refreshing.Dispose();
    }

    internal Uri Url(string relative) => new(BaseAddress, relative);

    internal static string Query(params (string Name, object? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}")
            .ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>
    /// Sends a request made by <paramref name="createRequest"/> (made again for a retry), with the
    /// access token when <paramref name="signedIn"/>. An answer of 401 to a token that may have
    /// expired early (a server restarted with new keys, say) is retried once with renewed tokens.
    /// </summary>
    /// <returns>The successful answer; the caller disposes it.</returns>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest, bool signedIn, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var accessToken = signedIn ? await GetAccessTokenAsync(cancellationToken).ConfigureAwait(false) : null;
        var response = await SendOnceAsync(createRequest, accessToken, completion, cancellationToken).ConfigureAwait(false);
        if (accessToken is not null && response.StatusCode == HttpStatusCode.Unauthorized && _tokens is not null)
        {
            response.Dispose();
            var renewed = await RenewAsync(accessToken, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(createRequest, renewed, completion, cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> createRequest, string? accessToken, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResult> SendForJsonAsync<TResult>(Func<HttpRequestMessage> createRequest, JsonTypeInfo<TResult> result, CancellationToken cancellationToken, bool signedIn = true)
    {
        using var response = await SendAsync(createRequest, signedIn, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(result, cancellationToken).ConfigureAwait(false)
            ?? throw new WarblerApiException(response.StatusCode, "Empty answer", "The server answered without a body.");
    }

    private Task<TResult> GetAsync<TResult>(string path, JsonTypeInfo<TResult> result, CancellationToken cancellationToken) =>
        SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(path)), result, cancellationToken);

    private Task<TResult> SendJsonAsync<TBody, TResult>(
        HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> result, CancellationToken cancellationToken, bool signedIn = true) =>
        SendForJsonAsync(() => new HttpRequestMessage(method, Url(path)) { Content = JsonContent.Create(body, bodyType) }, result, cancellationToken, signedIn);

    private async Task SendWithoutAnswerAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken, bool signedIn = true)
    {
        using var response = await SendAsync(createRequest, signedIn, cancellationToken).ConfigureAwait(false);
    }
}
