using System.Net;
using System.Text.Json;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Demo;

/// <summary>
/// With no provider configured, the built-in demo answers so Warbler can be tried without a key:
/// for any model name, saying it stands in for that model, until a real provider exists.
/// </summary>
public sealed class DemoProviderTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task Models_NoProviderConfigured_ListsOnlyDemo()
    {
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Equal(["demo"], list.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ChatCompletions_Demo_QuotesTheQuestionWithUsage()
    {
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = "What is Warbler?" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var content = answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.StartsWith("[Offline demo: no provider is configured.] You said: \"What is Warbler?\"", content, StringComparison.Ordinal);
        Assert.True(answer.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task ChatCompletions_DemoStreamed_SameTextInChunksWithUsage()
    {
        var host = demo.Host;
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
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", max_tokens = 3, messages = new[] { new { role = "user", content = "Hi" } } });

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("length", answer.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, answer.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_AnyModelInDemoMode_AnswersSayingItStandsInForThatModel(bool stream)
    {
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", stream, messages = new[] { new { role = "user", content = "Hello there" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        string content;
        string model;
        if (stream)
        {
            var events = SseEvents.Parse(body);
            Assert.Equal("[DONE]", events[^1]);
            content = string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent));
            using var first = JsonDocument.Parse(events[0]);
            model = first.RootElement.GetProperty("model").GetString()!;
        }
        else
        {
            using var answer = JsonDocument.Parse(body);
            content = answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
            model = answer.RootElement.GetProperty("model").GetString()!;
        }

        Assert.StartsWith("[Offline demo standing in for gpt-4o-mini: no provider is configured.] You said: \"Hello there\"", content, StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", model);
    }

    [Theory]
    [InlineData("/v1/completions", """{"model":"gpt-3.5-turbo-instruct","prompt":"Say hi"}""", "gpt-3.5-turbo-instruct")]
    [InlineData("/v1/engines/text-davinci-003/completions", """{"prompt":"Say hi"}""", "text-davinci-003")]
    public async Task Completions_AnyModelInDemoMode_AnswersAsTextCompletion(string path, string body, string model)
    {
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var response = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("text_completion", answer.RootElement.GetProperty("object").GetString());
        Assert.StartsWith($"[Offline demo standing in for {model}:", answer.RootElement.GetProperty("choices")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_KeyLimitedToTheModelInDemoMode_IsAnsweredAndRecorded()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync(models: ["gpt-4o-mini"], limits: new { requestsPerMinute = 1 });
        using var client = host.CreateClient(key);
        var request = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } };

        using var answered = await client.PostAsJsonAsync("/v1/chat/completions", request);
        using var limited = await client.PostAsJsonAsync("/v1/chat/completions", request);
        using var otherModel = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", request.messages });

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherModel.StatusCode);
        // The answer and both refusals are recorded as for any provider.
        var records = await UsageRecords.WaitForKeyAsync(host, keyId, 3);
        Assert.Equal([200, 403, 429], records.Select(r => r.Status).Order());
        var record = Assert.Single(records, r => r.Status == 200);
        Assert.Equal(("gpt-4o-mini", "demo"), (record.Model, record.Provider));
        Assert.True(record.CompletionTokens > 0);
    }

    [Fact]
    public async Task Models_KeyLimitedToAModelInDemoMode_ListsItOwnedByTheDemo()
    {
        var host = demo.Host;
        using var client = host.CreateClient(await host.CreateKeyAsync(models: ["gpt-4o-mini"]));

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        var model = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(("gpt-4o-mini", "model", "warbler-demo"), (model.GetProperty("id").GetString(), model.GetProperty("object").GetString(), model.GetProperty("owned_by").GetString()));
    }

    [Fact]
    public async Task GetModel_AnyIdInDemoMode_AnswersForItOwnedByTheDemo()
    {
        var host = demo.Host;
        using var client = host.CreateAdminClient();

        using var model = JsonDocument.Parse(await client.GetStringAsync("/v1/models/gpt-4o-mini"));
        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Equal("gpt-4o-mini", model.RootElement.GetProperty("id").GetString());
        Assert.Equal("warbler-demo", model.RootElement.GetProperty("owned_by").GetString());
        Assert.Equal("warbler-demo", Assert.Single(list.RootElement.GetProperty("data").EnumerateArray()).GetProperty("owned_by").GetString());
    }

    [Fact]
    public async Task ChatCompletions_RealProviderAddedThroughAdminApi_DemoStopsStandingInAtOnce()
    {
        await using var upstream = await FakeUpstream.FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var client = host.CreateAdminClient();
        var request = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", request)).StatusCode);

        using var created = await client.PostAsJsonAsync("/api/admin/providers", new { name = "real", baseUrl = upstream.BaseUrl, models = new[] { "real-model" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", request);
        using var model = await client.GetAsync("/v1/models/gpt-4o-mini");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await OpenAIErrorBody.ReadAsync(response)).Code);
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
        Assert.Empty(upstream.Requests);
    }
}
