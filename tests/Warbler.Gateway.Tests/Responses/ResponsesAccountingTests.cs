using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>
/// <c>/v1/responses</c> goes through the same admission, accounting, retries and failover as chat
/// completions: budgets count its spending, a stream the client abandons is billed for what it got,
/// and a failing provider is retried and then passed over, translated or relayed alike.
/// </summary>
public sealed class ResponsesAccountingTests(ResponsesHosts hosts) : IClassFixture<ResponsesHosts>
{
    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task Post_KeyWhoseBudgetChatSpendingUsedUp_IsRefusedAsInsufficientQuota(ResponsesRoute route)
    {
        // The fake reports 18 tokens an answer; the next request's reservation does not fit in the 29 left.
        var host = hosts.Fresh(route);
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { dailyTokenBudget = 29 }));
        using var chat = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4.1-budget", max_tokens = 5, messages = new[] { new { role = "user", content = "Hello" } } });
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);

        using var refused = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-budget", input = "Hello", max_output_tokens = 16 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(refused);
        Assert.Equal("insufficient_quota", error.Code);
        Assert.Contains("daily token budget: 18 of 29", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task Post_ResponsesSpending_CountsAgainstTheBudgetOfLaterChatCalls(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { dailyTokenBudget = 29 }));
        using var first = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-budget", input = "Hello", max_output_tokens = 5 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var refused = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4.1-budget", max_tokens = 5, messages = new[] { new { role = "user", content = "Hello" } } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("daily token budget: 18 of 29", (await OpenAIErrorBody.ReadAsync(refused)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task Stream_ClientAbandonsHalfWay_IsBilledAsEstimatedForWhatItReceived(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => $"word{i} "));
        host.Upstream.Enqueue(UpstreamScript.Answer(text) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300), CompletionTokens = 999 });
        using var client = host.CreateClient(await host.CreateKeyAsync());
        var model = $"gpt-4.1-abandoned-{route}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = JsonContent.Create(new { model, input = "Count.", stream = true }) };

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var deltas = 0;
        while (deltas < 3 && await reader.ReadLineAsync() is { } line)
        {
            deltas += line == "event: response.output_text.delta" ? 1 : 0;
        }

        reader.Dispose();
        response.Dispose();

        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, model, 1));
        var estimator = host.Services.GetRequiredService<UsageEstimator>();
        Assert.Equal((499, true, true), (record.Status, record.Estimated, record.Stream));
        Assert.InRange(record.CompletionTokens, 1, estimator.TextTokens(model, text) / 2);
        Assert.True(record.PromptTokens > 0);
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task Post_TransientFailureTwice_IsRetriedAndClientGetsTheAnswer(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Fail(503), UpstreamScript.Fail(500), UpstreamScript.Answer("third time lucky"));
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-retry", input = "Hi" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("third time lucky", OutputText(await response.Content.ReadAsStringAsync()));
        Assert.Equal(3, host.Upstream.Requests.Count);
    }

    [Theory]
    [InlineData("Translate", "/v1/chat/completions")]
    [InlineData("Relay", "/v1/responses")]
    public async Task Post_FirstProviderKeepsFailing_SecondProviderAnswers(string mode, string path)
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s =>
        {
            s["Providers:alpha:Responses"] = mode;
            s["Providers:beta:Responses"] = mode;
        });
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-failover", input = "Hi", stream = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("beta answers", stream.Last("response.output_text.done").GetProperty("text").GetString());
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.Equal(path, Assert.Single(host.Upstreams["beta"].Requests).Path);
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "gpt-4.1-failover", 1));
        Assert.Equal(("beta", 200, false), (record.Provider, record.Status, record.Estimated));
    }

    [Fact]
    public async Task Post_AzureInAutoMode_IsRelayedToItsResponsesApiWithTheDeploymentAsModel()
    {
        await using var host = await StartAzureAsync();
        host.Upstream.Default = UpstreamScript.Answer("from Azure's Responses API");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4o", input = "Hi" });

        Assert.Equal("from Azure's Responses API", OutputText(await response.Content.ReadAsStringAsync()));
        var sent = Assert.Single(host.Upstream.Requests);
        Assert.Equal(("/openai/v1/responses", "azure-secret"), (sent.Path, sent.Headers["api-key"]));
        Assert.Equal("my-gpt4o-deployment", JsonDocument.Parse(sent.Body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Post_AzureWithoutResponsesInAutoMode_IsTranslatedFromThenOn()
    {
        await using var host = await StartAzureAsync();
        host.Upstream.SupportsResponses = false;
        host.Upstream.Default = UpstreamScript.Answer("translated for Azure");
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var first = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4o", input = "Hi" });
        using var second = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4o", input = "Again" });

        Assert.Equal("translated for Azure", OutputText(await first.Content.ReadAsStringAsync()));
        Assert.Equal("translated for Azure", OutputText(await second.Content.ReadAsStringAsync()));
        Assert.Equal(
            ["/openai/v1/responses", "/openai/deployments/my-gpt4o-deployment/chat/completions", "/openai/deployments/my-gpt4o-deployment/chat/completions"],
            host.Upstream.Requests.Select(r => r.Path));
    }

    private static Task<GatewayHost> StartAzureAsync() => GatewayHost.StartAsync(configure: s =>
    {
        s["Providers:primary:Kind"] = "Azure";
        s["Providers:primary:BaseUrl"] = s["Providers:primary:BaseUrl"]![..^"/v1".Length];
        s["Providers:primary:ApiKey"] = "azure-secret";
        s["Providers:primary:Deployments:gpt-4o"] = "my-gpt4o-deployment";
    });

    private static string? OutputText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString();
    }
}
