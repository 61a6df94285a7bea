using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Completions;

/// <summary><c>/v1/completions</c> and the <c>/v1/engines/{model}/completions</c> URL of older tutorials.</summary>
public sealed class LegacyCompletionsTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Completions_UpstreamWithCompletionsEndpoint_IsRelayedAsIs()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("a tale of two cities"));
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/completions", new { model = "gpt-3.5-turbo-instruct", prompt = "Once upon a time", max_tokens = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a tale of two cities", await FirstChoiceText(response));
        Assert.Equal("/v1/completions", Assert.Single(host.Upstream.Requests).Path);
    }

    [Fact]
    public async Task Completions_ChatOnlyUpstream_IsTranslatedToChatAndBack()
    {
        var host = fixture.Fresh();
        host.Upstream.SupportsLegacyCompletions = false;
        host.Upstream.Default = UpstreamScript.Answer("translated answer");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/completions", new { model = "gpt-4o", prompt = "Say something", max_tokens = 20, temperature = 0.5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("text_completion", answer.RootElement.GetProperty("object").GetString());
        Assert.Equal("translated answer", answer.RootElement.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(18, answer.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        var chatRequest = host.Upstream.Requests.Last();
        Assert.Equal("/v1/chat/completions", chatRequest.Path);
        using var sent = JsonDocument.Parse(chatRequest.Body);
        Assert.Equal("Say something", sent.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(20, sent.RootElement.GetProperty("max_tokens").GetInt32());

        // Learnt: the next call goes straight to chat.
        using var second = await client.PostAsJsonAsync("/v1/completions", new { model = "gpt-4o", prompt = "Again" });
        Assert.Equal("translated answer", await FirstChoiceText(second));
        Assert.Equal(["/v1/completions", "/v1/chat/completions", "/v1/chat/completions"], host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Completions_TranslatedAndStreamed_StreamsTextChunks()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:LegacyCompletions"] = "Translate");
        host.Upstream.Default = UpstreamScript.Answer("one two three") with { Chunks = 3 };
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/completions", new { model = "gpt-4o", prompt = "Count", stream = true });

        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var text = string.Concat(events.SkipLast(1).Select(e =>
        {
            using var chunk = JsonDocument.Parse(e);
            Assert.Equal("text_completion", chunk.RootElement.GetProperty("object").GetString());
            return chunk.RootElement.GetProperty("choices")[0].GetProperty("text").GetString();
        }));
        Assert.Equal("one two three", text);
    }

    [Fact]
    public async Task Engines_WithPrompt_AnswersWithChoicesText()
    {
        var host = fixture.Fresh();
        host.Upstream.SupportsLegacyCompletions = false;
        host.Upstream.Default = UpstreamScript.Answer("engine answer");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/engines/gpt-4o-mini/completions", new { prompt = "Hello engine", max_tokens = 16 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("engine answer", await FirstChoiceText(response));
        using var sent = JsonDocument.Parse(host.Upstream.Requests.Last().Body);
        Assert.Equal("gpt-4o-mini", sent.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Engines_WithMessages_AnswersWithChoicesTextAndMessage()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer("chat via engines");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/engines/gpt-4o-mini/completions", new { messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = answer.RootElement.GetProperty("choices")[0];
        Assert.Equal("chat via engines", choice.GetProperty("text").GetString());
        Assert.Equal("chat via engines", choice.GetProperty("message").GetProperty("content").GetString());
        var sent = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/chat/completions", sent.Path);
        using var sentBody = JsonDocument.Parse(sent.Body);
        Assert.Equal("gpt-4o-mini", sentBody.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Engines_WithMessagesStreamed_EachChunkCarriesText()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer("abcdef") with { Chunks = 3 };
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/engines/gpt-4o-mini/completions", new { stream = true, messages = new[] { new { role = "user", content = "Hi" } } });

        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        var texts = events.SkipLast(1).Select(e =>
        {
            using var chunk = JsonDocument.Parse(e);
            return chunk.RootElement.GetProperty("choices")[0].GetProperty("text").GetString();
        });
        Assert.Equal("abcdef", string.Concat(texts));
    }

    private static async Task<string?> FirstChoiceText(HttpResponseMessage response)
    {
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("choices")[0].GetProperty("text").GetString();
    }
}
