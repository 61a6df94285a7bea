using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

public sealed class UsageAccountingTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task MixedRequests_RecordedTotals_EqualWhatTheUpstreamReported()
    {
        // The admin report covers every key of the host: a host of its own.
        await using var host = await GatewayHost.StartAsync();
        host.Upstream.Enqueue(
            UpstreamScript.Answer("one") with { PromptTokens = 10, CompletionTokens = 3 },
            UpstreamScript.Answer("two two") with { PromptTokens = 20, CompletionTokens = 5 },
            UpstreamScript.Answer("three three three") with { PromptTokens = 30, CompletionTokens = 7 },
            UpstreamScript.Answer("four") with { PromptTokens = 40, CompletionTokens = 11 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        await ReadAllAsync(await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest()));
        await ReadAllAsync(await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: true)));
        await ReadAllAsync(await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: true, includeUsage: true)));
        await ReadAllAsync(await client.PostAsJsonAsync("/v1/completions", new { model = "gpt-3.5-turbo-instruct", prompt = "Hi", stream = true }));

        var records = await UsageRecords.WaitForAsync(host, 4);
        Assert.All(records, r => Assert.False(r.Estimated));
        Assert.Equal(100, records.Sum(r => r.PromptTokens));
        Assert.Equal(26, records.Sum(r => r.CompletionTokens));
        Assert.Equal([false, true, true, true], records.Select(r => r.Stream));
        Assert.All(records, r => Assert.Equal("primary", r.Provider));

        using var admin = host.CreateAdminClient();
        using var report = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=model"));
        var totals = report.RootElement.GetProperty("totals");
        Assert.Equal(4, totals.GetProperty("requests").GetInt64());
        Assert.Equal(100, totals.GetProperty("promptTokens").GetInt64());
        Assert.Equal(26, totals.GetProperty("completionTokens").GetInt64());
        Assert.Equal(126, totals.GetProperty("totalTokens").GetInt64());
        Assert.Equal(
            ["gpt-3.5-turbo-instruct", "gpt-4o-mini"],
            report.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
    }

    [Fact]
    public async Task Stream_ClientDidNotAskForUsage_UpstreamIsAskedButClientGetsNoUsageChunk()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: true));

        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events.SkipLast(1), e => Assert.NotEqual(0, JsonDocument.Parse(e).RootElement.GetProperty("choices").GetArrayLength()));
        using var sent = JsonDocument.Parse(Assert.Single(host.Upstream.Requests).Body);
        Assert.True(sent.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        Assert.Equal((11, 7, false), (record.PromptTokens, record.CompletionTokens, record.Estimated));
    }

    [Fact]
    public async Task Stream_UpstreamSendsNoUsage_IsCountedByTheTokenizerAndMarkedEstimated()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        const string answer = "Tokenizers split text into pieces that models read, one token at a time.";
        host.Upstream.Default = UpstreamScript.Answer(answer) with { SendsUsage = false, Chunks = 6 };
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: true, includeUsage: true));
        await response.Content.ReadAsStringAsync();

        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        var counter = host.Services.GetRequiredService<TokenCounter>();
        Assert.True(record.Estimated);
        Assert.Equal(counter.Count("gpt-4o-mini", answer), record.CompletionTokens);
        Assert.True(record.PromptTokens > 0);
    }

    [Fact]
    public async Task Whole_UpstreamSendsNoUsage_IsCountedByTheTokenizerAndMarkedEstimated()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Default = new UpstreamScript
        {
            RawBody = """{"id":"x","object":"chat.completion","model":"local-llama","choices":[{"index":0,"message":{"role":"assistant","content":"A reply from a server that reports no usage."},"finish_reason":"stop"}]}""",
        };
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "local-llama"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        var counter = host.Services.GetRequiredService<TokenCounter>();
        Assert.True(record.Estimated);
        Assert.Equal(counter.Count("local-llama", "A reply from a server that reports no usage."), record.CompletionTokens);
    }

    [Fact]
    public async Task Stream_ClientAbortsAfterAFewChunks_PaysForWhatItReceived()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var words = Enumerable.Range(1, 20).Select(i => $"word{i} ").ToArray();
        var answer = string.Concat(words);
        host.Upstream.Default = UpstreamScript.Answer(answer) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300), CompletionTokens = 999 };
        using var client = host.CreateClient(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(ChatCompletionsRelayTests.ChatRequest(stream: true, includeUsage: true)) };

        var received = new StringBuilder();
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = 0;
            while (events < 3 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    received.Append(SseEvents.DeltaContent(line["data: ".Length..]));
                    events++;
                }
            }
        }

        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        var counter = host.Services.GetRequiredService<TokenCounter>();
        Assert.True(record.Estimated);
        Assert.Equal(499, record.Status);
        Assert.InRange(record.CompletionTokens, counter.Count("gpt-4o-mini", received.ToString()), counter.Count("gpt-4o-mini", answer) / 2);
    }

    [Fact]
    public async Task Refusal_ModelNotAllowed_IsRecordedWithItsStatusAndNoTokens()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync(models: ["gpt-4o-mini"]);
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "gpt-4o"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        Assert.Equal(("gpt-4o", 403, 0, 0), (record.Model, record.Status, record.PromptTokens, record.CompletionTokens));
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), record.RequestId);
    }

    [Fact]
    public async Task OwnUsage_ForAKey_ShowsOnlyThatKeysUsage()
    {
        var host = shared.Fresh();
        var (firstKey, firstId) = await host.CreateKeyWithIdAsync("first");
        var (secondKey, secondId) = await host.CreateKeyWithIdAsync("second");
        using var first = host.CreateClient(firstKey);
        using var second = host.CreateClient(secondKey);
        await first.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        await first.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        await second.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        await UsageRecords.WaitForKeyAsync(host, firstId, 2);
        await UsageRecords.WaitForKeyAsync(host, secondId, 1);

        using var usage = JsonDocument.Parse(await first.GetStringAsync("/v1/usage"));

        Assert.Equal("first", usage.RootElement.GetProperty("key").GetProperty("name").GetString());
        foreach (var period in (string[])["today", "month", "total"])
        {
            var totals = usage.RootElement.GetProperty(period);
            Assert.Equal(2, totals.GetProperty("requests").GetInt64());
            Assert.Equal(36, totals.GetProperty("total_tokens").GetInt64());
        }
    }

    [Theory]
    [InlineData("groupBy=week")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task AdminUsage_BadQuery_IsValidationProblem(string query)
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync($"/api/admin/usage?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminUsage_ToAtTheStartOfTheCalendar_IsAnEmptyReport()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync("/api/admin/usage?to=0001-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task AdminUsage_GroupByDayAndKey_SplitsTheTotals()
    {
        // The report covers every key of the host: a host of its own.
        await using var host = await GatewayHost.StartAsync();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        await UsageRecords.WaitForAsync(host, 1);
        using var admin = host.CreateAdminClient();

        using var byDay = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=day"));
        using var byKey = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=key"));

        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), byDay.RootElement.GetProperty("groups")[0].GetProperty("group").GetString());
        Assert.Equal(18, byKey.RootElement.GetProperty("groups")[0].GetProperty("totals").GetProperty("totalTokens").GetInt64());
    }

    [Fact]
    public async Task OddModelNames_AreRecordedCutToFit_AndTheRecordsAfterThemToo()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        using var client = host.CreateClient(key);
        var longName = new string('m', 300);

        foreach (var model in (string[])[longName, "nul\u0000model", "plain"])
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "Hi" } } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var records = await UsageRecords.WaitForKeyAsync(host, keyId, 3);
        Assert.Equal([longName[..256], "nulmodel", "plain"], records.Select(r => r.Model));
    }

    [Fact]
    public async Task Shutdown_WithRecordsQueued_WritesThemAll()
    {
        var database = TestDatabase.Named(GatewayHost.NewDatabasePath());
        try
        {
            await using (var host = await GatewayHost.StartAsync(databasePath: database.Name))
            {
                using var client = host.CreateClient(await host.CreateKeyAsync());
                await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())));
            }

            Assert.Equal(50, (await UsageRecords.ReadAsync(database)).Count);
        }
        finally
        {
            database.Delete();
        }
    }

    [Fact]
    public async Task UsageDisabled_Requests_AreServedAndNoRecordIsWritten()
    {
        var database = TestDatabase.Named(GatewayHost.NewDatabasePath());
        try
        {
            await using (var host = await GatewayHost.StartAsync(configure: s => s["Usage:Enabled"] = "false", databasePath: database.Name))
            {
                using var client = host.CreateClient(await host.CreateKeyAsync());
                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);
                }
            }

            // Stopping the server flushes the writer, so anything queued would be stored by now.
            Assert.Empty(await UsageRecords.ReadAsync(database));
        }
        finally
        {
            database.Delete();
        }
    }

    private static async Task ReadAllAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsStringAsync();
        }
    }
}
