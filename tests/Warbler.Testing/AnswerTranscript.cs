using System.Net;
using System.Text;

namespace Warbler.Testing;

/// <summary>Everything a client sees of an answer, as one text, for tests that search it for what must not be there.</summary>
public static class AnswerTranscript
{
    /// <summary>Sends a request (a JSON body unless null), fails the test unless the status is <paramref name="expected"/>, and returns the transcript and the body.</summary>
    public static async Task<(string Transcript, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        var all = new StringBuilder().AppendLine($"{(int)response.StatusCode} {method} {path}");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            all.AppendLine($"{name}: {string.Join(", ", values)}");
        }

        return (all.AppendLine(text).ToString(), text);
    }
}
