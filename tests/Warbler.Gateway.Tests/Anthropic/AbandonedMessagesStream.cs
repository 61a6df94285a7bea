using System.Text;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>A client that asks for a Messages stream of <c>model</c>, reads a few text deltas and goes away.</summary>
internal static class AbandonedMessagesStream
{
    public static async Task ReadThenLeaveAsync(HttpClient client, string model, int deltasRead = 3)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent(
                $$"""{"model":"{{model}}","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Count."}]}""", Encoding.UTF8, "application/json"),
        };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var deltas = 0;
        while (deltas < deltasRead && await reader.ReadLineAsync() is { } line)
        {
            deltas += line == "event: content_block_delta" ? 1 : 0;
        }
    }
}
