using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Admin;

/// <summary>
/// Calls <c>/api/admin</c> with the admin key. Error answers become <see cref="CliException"/>s;
/// a field the server refused is named by its flag when the command says which flag it came from.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly string _keyName;
    private readonly string? _urlNote;

    public AdminClient(AdminConnection connection)
    {
        _root = connection.ServerRoot;
        _keyName = connection.KeyName;
        _urlNote = connection.UrlNote;
        _http = new HttpClient { BaseAddress = connection.ServerRoot, Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.AdminKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("warbler-cli", "1"));
    }

    /// <summary>Maps a field the server names in a validation error to the flag that set it.</summary>
    public Func<string, string?> FlagOf { get; init; } = _ => null;

    /// <summary>Sends the request; returns the answer's body as text.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw ApiErrors.Unreachable(_root, exception, _urlNote);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ApiErrors.Unreachable(_root, new TimeoutException("no answer in time", exception), _urlNote);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.BadRequest && ErrorBody.FieldErrors(text) is { Count: > 0 } fields)
            {
                var described = fields.Select(f => FlagOf(f.Field) is { } flag ? $"{flag}: {f.Message}" : $"{f.Field}: {f.Message}");
                throw CliException.Usage($"The server refused the request: {string.Join(" ", described)}");
            }

            if (response.StatusCode == HttpStatusCode.NotFound && text.Length == 0)
            {
                throw new CliException(ExitCodes.Failure, $"{new Uri(_root, path.TrimStart('/'))} was not found (404): is this a Warbler server? Set its root URL with --url or WARBLER_URL.");
            }

            throw ApiErrors.FromAnswer(status, text, name => Header(response, name), _keyName);
        }
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        Read<T>(await SendAsync(HttpMethod.Get, path, null, cancellationToken));

    public static T Read<T>(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure, $"The server's answer was not what Warbler sends ({Shorten(text)}); is --url a Warbler server?");
        }
    }

    /// <summary>JSON as the server sent it, indented for reading.</summary>
    public static string Indented(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    private static string Shorten(string text)
    {
        var flat = new StringBuilder(text.Length).Append(text.Where(c => !char.IsControl(c)).Take(80).ToArray()).ToString();
        return flat.Length == 0 ? "empty" : flat;
    }

    public void Dispose() => _http.Dispose();
}
