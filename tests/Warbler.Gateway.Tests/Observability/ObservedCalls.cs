using System.Net;
using System.Text;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>
/// Chat requests for a model name no other test uses: the test servers share one process, so a
/// metric or trace is told apart by its model (or provider) label.
/// </summary>
internal static class ObservedCalls
{
    public static string UniqueModel() => $"obs-{Guid.NewGuid():N}";

    /// <summary>Posts a chat completion (streamed ones ask for usage) and reads the whole answer.</summary>
    public static async Task<HttpStatusCode> ChatAsync(HttpClient client, string model, bool stream = false)
    {
        var streamFields = stream ? """, "stream": true, "stream_options": {"include_usage": true}""" : "";
        var body = $$"""{"model": "{{model}}", "messages": [{"role": "user", "content": "Hello!"}]{{streamFields}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }
}
