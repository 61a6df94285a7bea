using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Warbler.Bench.Im;

/// <summary>
/// The REST calls the benchmark makes to set itself up: users with the admin key, sign-in, the
/// bot, rooms. A refused sign-in (429) is retried after the server's Retry-After.
/// </summary>
internal sealed class WarblerRest(Uri serverUrl, string adminKey, int parallelism) : IDisposable
{
    private const int MaxAttempts = 5;

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(2, parallelism) })
    {
        BaseAddress = serverUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<Guid> CreateUserAsync(string email, string password, string displayName, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/admin/users", adminKey, new { email, password, displayName }, cancellationToken);
        return body.GetProperty("id").GetGuid();
    }

    public async Task<string> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/auth/login", null, new { email, password }, cancellationToken);
        return body.TryGetProperty("accessToken", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new BenchException($"POST /api/auth/login answered without an accessToken: {Truncate(body.GetRawText())}");
    }

    public async Task<string> CreateBotAsync(string name, string handle, string model, CancellationToken cancellationToken)
    {
        var body = await SendAsync(
            HttpMethod.Post,
            "/api/bots",
            adminKey,
            new { name, handle, model, systemPrompt = "You answer in a few words.", contextBudget = 8000 },
            cancellationToken);
        return body.GetProperty("handle").GetString()!;
    }

    public async Task<Guid> CreateRoomAsync(string ownerToken, string title, IEnumerable<Guid> members, IEnumerable<string> bots, CancellationToken cancellationToken)
    {
        var body = await SendAsync(
            HttpMethod.Post,
            "/api/rooms",
            ownerToken,
            new { kind = "group", title, members = members.ToList(), bots = bots.ToList() },
            cancellationToken);
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>A GET as the user of <paramref name="bearer"/>, its JSON answer.</summary>
    public Task<JsonElement> GetAsync(string path, string bearer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, bearer, null, cancellationToken);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? bearer, object? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new BenchException($"{method} {path} failed: {e.Message}", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    // Sign-in is rate limited per address; bench/im.sh raises the limit, this copes with a lower one.
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new BenchException($"{method} {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(text)}");
                }

                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";

    public void Dispose() => _http.Dispose();
}
