using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>Requests and checks shared by the reliability tests.</summary>
internal static class Calls
{
    /// <summary>Longer than any answer these tests expect; a request still running then has hung.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    /// <summary>How long to poll for something that should come true: generous for a busy machine, as polling ends when it does.</summary>
    /// <summary>A client with a Warbler key, which gives up (failing the test) instead of hanging.</summary>
    public static async Task<HttpClient> CreateClientAsync(GatewayHost host)
    {
        var client = host.CreateClient(await host.CreateKeyAsync());
        client.Timeout = HangLimit;
        return client;
    }

    /// <summary>Posts a chat completion and reads the whole answer, timing both.</summary>
    public static async Task<Answer> ChatAsync(HttpClient client, bool stream = false)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: stream));
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, body, stopwatch.Elapsed);
    }

    /// <summary>Sends chat requests until one's answer is a 200 whose body matches, failing after a generous deadline.</summary>
    public static async Task PollUntilAsync(HttpClient client, Func<string, bool> done)
    {
        Answer? answer = null;
        await Eventually.UntilAsync(
            async () =>
            {
                answer = await ChatAsync(client);
                return answer.Status == HttpStatusCode.OK && done(answer.Body);
            },
            () => $"the answer; the last was {(int)answer!.Status} {answer.Body}");
    }

    /// <summary>A loopback URL where nothing listens, so connecting is refused at once.</summary>
    public static string ClosedPortBaseUrl() => $"http://127.0.0.1:{ClosedPort.Take()}/v1";

    /// <summary>The answer's message text, for a whole (non-streamed) chat completion.</summary>
    public static string MessageContent(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    /// <summary>Checks <c>{"error":{"message","type","param","code"}}</c> and returns the error object's parts.</summary>
    public static OpenAIErrorBody Error(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        return new OpenAIErrorBody(
            error.GetProperty("message").GetString()!,
            error.GetProperty("type").GetString()!,
            error.GetProperty("param").GetString(),
            error.GetProperty("code").GetString());
    }

    public sealed record Answer(HttpStatusCode Status, string? MediaType, System.Net.Http.Headers.HttpResponseHeaders Headers, string Body, TimeSpan Elapsed)
    {
        /// <summary>The error of a JSON error answer; fails unless the answer is one.</summary>
        public OpenAIErrorBody Error()
        {
            Assert.Equal("application/json", MediaType);
            return Calls.Error(Body);
        }
    }
}
