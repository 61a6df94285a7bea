using System.Net;
using System.Text;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.ChatCompletions;

public sealed class ChatCompletionsRelayTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Post_NonStreaming_RelaysUpstreamAnswerAndRequestBodyUntouched()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Paris is the capital of France."));
        using var client = host.CreateClient(await host.CreateKeyAsync());
        const string body = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Capital of France?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],"tool_choice":"auto","response_format":{"type":"text"},
             "temperature":0.2,"top_p":0.9,"max_tokens":50,"max_completion_tokens":50,"n":1,"stop":["\n\n"],"seed":7,"frequency_penalty":0.1,"presence_penalty":-0.1,
             "logit_bias":{"50256":-100},"logprobs":true,"top_logprobs":2,"user":"user-42","x_unknown_field":{"kept":[1,2,3]}}
            """;

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Paris is the capital of France.", answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(18, answer.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal(body, received.Body);
        Assert.Equal("Bearer sk-upstream-primary-secret", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Post_Always_AnswersWithRequestIdAndUpstreamRequestId()
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatRequest());

        Assert.StartsWith("req_", response.Headers.GetValues("x-request-id").Single(), StringComparison.Ordinal);
        Assert.Equal("fake-req-1", response.Headers.GetValues("x-upstream-request-id").Single());
    }

    [Fact]
    public async Task Post_Streaming_RelaysServerSentEventsEndingWithDone()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("One two three four five.") with { Chunks = 5 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatRequest(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var text = string.Concat(events.SkipLast(1).Select(e => SseEvents.DeltaContent(e)));
        Assert.Equal("One two three four five.", text);
        Assert.Equal(5, events.Count - 1);
    }

    [Fact]
    public async Task Post_StreamingWithIncludeUsage_RelaysUsageChunkWithEmptyChoices()
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatRequest(stream: true, includeUsage: true));

        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        using var usageChunk = JsonDocument.Parse(events[^2]);
        Assert.Equal(0, usageChunk.RootElement.GetProperty("choices").GetArrayLength());
        Assert.Equal(11, usageChunk.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, usageChunk.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_UpstreamClientError_ReachesClientWithItsStatusAndMessage()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(400, "This model's maximum context length is 128000 tokens."));
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatRequest());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("This model's maximum context length is 128000 tokens.", error.Message);
        Assert.Single(host.Upstream.Requests);
    }

    internal static object ChatRequest(bool stream = false, bool includeUsage = false, string model = "gpt-4o-mini") => stream
        ? new { model, stream = true, stream_options = includeUsage ? new { include_usage = true } : null, messages = new[] { new { role = "user", content = "Hello" } } }
        : new { model, messages = new[] { new { role = "user", content = "Hello" } } };
}
