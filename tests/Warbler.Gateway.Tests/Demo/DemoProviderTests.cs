using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Demo;

/// <summary>With no provider configured, the built-in demo answers so Warbler can be tried without a key.</summary>
public sealed class DemoProviderTests
{
    [Fact]
    public async Task Models_NoProviderConfigured_ListsOnlyDemo()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var client = host.CreateAdminClient();

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Equal(["demo"], list.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ChatCompletions_Demo_QuotesTheQuestionWithUsage()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = "What is Warbler?" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var content = answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.StartsWith("You said: \"What is Warbler?\"", content, StringComparison.Ordinal);
        Assert.True(answer.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task ChatCompletions_DemoStreamed_SameTextInChunksWithUsage()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var client = host.CreateAdminClient();
        var request = new { model = "demo", messages = new[] { new { role = "user", content = "Stream it" } } };

        using var whole = JsonDocument.Parse(await (await client.PostAsJsonAsync("/v1/chat/completions", request)).Content.ReadAsStringAsync());
        using var streamed = await client.PostAsJsonAsync("/v1/chat/completions", new { request.model, request.messages, stream = true, stream_options = new { include_usage = true } });

        var events = SseEvents.Parse(await streamed.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.True(events.Count > 10);
        Assert.Equal(
            whole.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)));
        using var usage = JsonDocument.Parse(events[^2]);
        Assert.Equal(
            whole.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32(),
            usage.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task ChatCompletions_DemoWithMaxTokens_StopsWithFinishReasonLength()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", max_tokens = 3, messages = new[] { new { role = "user", content = "Hi" } } });

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("length", answer.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, answer.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
