using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// <c>/v1/messages</c> as a client sees it on the wire: how keys are sent, what is refused and how
/// (Anthropic's error JSON), and that limits, budgets, retries, failover and usage records hold as on chat completions.
/// </summary>
public sealed class MessagesRouteTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private const string Hello = """{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task Messages_KeyInXApiKey_IsAnsweredAndRecordedOnceWhileCountTokensIsNot()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("Hi there.") with { PromptTokens = 10, CompletionTokens = 3 });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        client.DefaultRequestHeaders.Add("anthropic-beta", "prompt-caching-2024-07-31");

        using var counted = await client.PostAsync("/v1/messages/count_tokens", Json("""{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}"""));
        using var answered = await client.PostAsync("/v1/messages", Json(Hello));

        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.True(JsonDocument.Parse(await counted.Content.ReadAsStringAsync()).RootElement.GetProperty("input_tokens").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var message = JsonDocument.Parse(await answered.Content.ReadAsStringAsync());
        Assert.Equal("message", message.RootElement.GetProperty("type").GetString());
        Assert.Equal("Hi there.", message.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", message.RootElement.GetProperty("stop_reason").GetString());
        Assert.Equal(10, message.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, message.RootElement.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt32());
        Assert.False(host.Upstream.Requests[0].Headers.ContainsKey("anthropic-beta"));

        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        Assert.Equal(("claude-haiku-4-5", 200, 10, 3, false), (record.Model, record.Status, record.PromptTokens, record.CompletionTokens, record.Stream));
    }

    [Theory]
    [InlineData("""{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"stream":"yes","messages":[{"role":"user","content":"Hi"}]}""", "stream")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"system","content":"Hi"}]}""", "role")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}""", "document")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[{"role":"user","content":"Hi"}]}""", "web_search_20250305")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Hi"}]}""", "thinking")]
    [InlineData("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"Hi"}""", "JSON")]
    public async Task Messages_BadOrUntranslatableRequest_Is400InAnthropicsFormatNamingIt(string body, string named)
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await AnthropicErrorAsync(response);
        Assert.Equal("invalid_request_error", type);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Messages_PropertyNameNotValidUtf8_Is400InAnthropicsFormat()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        var body = Encoding.UTF8.GetBytes(Hello).ToList();
        body.InsertRange(6, [0xF8, 0x88, 0x80, 0x80, 0x80]);
        using var content = new ByteArrayContent([.. body]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/v1/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await AnthropicErrorAsync(response);
        Assert.Equal("invalid_request_error", type);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Theory]
    [InlineData("\"stop_sequences\":[\"\\ud800\",\"\\ud800\"]")]
    [InlineData("\"system\":\"a\\udfffb\"")]
    public async Task Messages_LoneSurrogate_Is400InAnthropicsFormat(string field)
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json($$"""{"model":"claude-haiku-4-5","max_tokens":5,{{field}},"messages":[{"role":"user","content":"Hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid Unicode", (await AnthropicErrorAsync(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_ModelTheKeyMayNotUse_Is403PermissionError()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(models: ["gpt-4o-mini"]));

        using var response = await client.PostAsync("/v1/messages", Json(Hello));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("permission_error", (await AnthropicErrorAsync(response)).Type);
    }

    [Fact]
    public async Task Messages_BudgetUsedUpByChatCompletions_IsRefusedAsRateLimitError()
    {
        // The fake reports 18 tokens per answer; the next request would reserve more than the 11 left.
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { tokenBudget = 29 }));

        using var chat = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "claude-haiku-4-5", max_tokens = 5, messages = new[] { new { role = "user", content = "Hello" } } });
        using var refused = await client.PostAsync("/v1/messages", Json(Hello));

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var (type, message) = await AnthropicErrorAsync(refused);
        Assert.Equal("rate_limit_error", type);
        Assert.Contains("token budget: 18 of 29", message, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Messages_FirstProviderFails_IsRetriedThenFailsOverToTheNext()
    {
        await using var host = await GatewayHost.StartAsync(["first", "second"]);
        host.Upstreams["first"].Default = UpstreamScript.Fail(503, "Overloaded.");
        host.Upstreams["second"].Enqueue(UpstreamScript.Answer("From the second provider."));
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json(Hello));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("From the second provider.", message.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(host.Upstreams["first"].Requests.Count >= 2, $"the first provider was tried {host.Upstreams["first"].Requests.Count} times");
        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal("second", record.Provider);
    }

    [Fact]
    public async Task Messages_EveryProviderFails_Is503OverloadedError()
    {
        await using var host = await GatewayHost.StartAsync(["first", "second"]);
        host.Upstreams["first"].Default = UpstreamScript.Fail(503);
        host.Upstreams["second"].Default = UpstreamScript.Fail(500);
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json(Hello));

        Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"got {response.StatusCode}");
        var (type, message) = await AnthropicErrorAsync(response);
        Assert.Equal(response.StatusCode == HttpStatusCode.BadGateway ? "api_error" : "overloaded_error", type);
        Assert.Contains("No provider could answer", message, StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static async Task<(string Type, string Message)> AnthropicErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        var error = document.RootElement.GetProperty("error");
        return (error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!);
    }
}
