using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;
using Warbler.Gateway.Tests.Reliability;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>
/// The provider admin API. Tests that add providers share <see cref="StoredProvidersHost"/>, each under
/// names and models of its own (see <see cref="Unique"/>) so that no test reaches another's providers;
/// tests that read the whole list of models, or need the demo or a provider failing for minutes, start
/// the host they describe.
/// </summary>
public sealed class AdminProvidersApiTests(GatewayHostFixture shared, StoredProvidersHost stored)
    : IClassFixture<GatewayHostFixture>, IClassFixture<StoredProvidersHost>
{
    private const string Key = "sk-runtime-provider-key-0123456789";

    /// <summary>A provider or model name no other test on the shared host uses.</summary>
    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Create_ProviderOnFreshUpstream_ServesTheNextRequestWithItsKey()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        var host = stored.Fresh();
        using var admin = host.CreateAdminClient();
        upstream.Default = UpstreamScript.Answer("Hello from the added provider.");
        var (name, model) = (Unique("added"), Unique("added-model"));

        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, apiKey = Key, models = new[] { model } });
        var (status, body) = await ProvidersAdmin.ChatAsync(admin, model);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from the added provider.", Calls.MessageContent(body));
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal($"Bearer {Key}", received.Headers["Authorization"]);
        Assert.Empty(host.Upstream.Requests);

        var listed = (await ProvidersAdmin.ListAsync(admin)).EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        Assert.Equal("database", listed.GetProperty("source").GetString());
        Assert.Equal("OpenAI", listed.GetProperty("kind").GetString());
        Assert.Equal(upstream.BaseUrl, listed.GetProperty("baseUrl").GetString());
        Assert.Equal([model], listed.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.True(listed.GetProperty("enabled").GetBoolean());
        Assert.True(listed.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal("healthy", listed.GetProperty("health").GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task List_ConfigurationAndStoredProviders_ShowsEachWithItsSource()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        await ProvidersAdmin.CreateAsync(admin, new { name = "keyless", baseUrl = "http://127.0.0.1:9/v1", models = new[] { "m" }, enabled = false });

        var list = (await ProvidersAdmin.ListAsync(admin)).EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(["primary", "keyless"], list.Keys);
        Assert.Equal("configuration", list["primary"].GetProperty("source").GetString());
        Assert.True(list["primary"].GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(JsonValueKind.Null, list["primary"].GetProperty("createdAt").ValueKind);
        Assert.Equal("database", list["keyless"].GetProperty("source").GetString());
        Assert.False(list["keyless"].GetProperty("hasApiKey").GetBoolean());
        Assert.False(list["keyless"].GetProperty("enabled").GetBoolean());
        Assert.Equal("disabled", list["keyless"].GetProperty("health").GetProperty("status").GetString());
        Assert.Equal("keyless", (await ProvidersAdmin.GetAsync(admin, "KEYLESS")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_UnknownProvider_Returns404Problem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync($"{ProvidersAdmin.Path}/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_OnlyDemoActive_DemoLeavesModelsAndRoutingAndComesBackWhenRemoved()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        Assert.Equal(["demo"], await ProvidersAdmin.ModelIdsAsync(admin));
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, "demo")).Status);

        await ProvidersAdmin.CreateAsync(admin, new { name = "real", baseUrl = upstream.BaseUrl, models = new[] { "real-model" } });

        Assert.Equal(["real-model"], await ProvidersAdmin.ModelIdsAsync(admin));
        var (status, body) = await ProvidersAdmin.ChatAsync(admin, "demo");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", Calls.Error(body).Code);
        Assert.DoesNotContain((await ProvidersAdmin.ListAsync(admin)).EnumerateArray(), p => p.GetProperty("name").GetString() == "demo");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{ProvidersAdmin.Path}/real")).StatusCode);

        Assert.Equal(["demo"], await ProvidersAdmin.ModelIdsAsync(admin));
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, "demo")).Status);
    }

    [Fact]
    public async Task Patch_DisableThenEnable_ServesNothingThenServesAgain()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, model) = (Unique("extra"), Unique("extra-model"));
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, models = new[] { model } });

        var disabled = await ProvidersAdmin.PatchAsync(admin, name, new { enabled = false });

        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("disabled", disabled.GetProperty("health").GetProperty("status").GetString());
        var (status, body) = await ProvidersAdmin.ChatAsync(admin, model);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_found", Calls.Error(body).Code);
        Assert.DoesNotContain(model, await ProvidersAdmin.ModelIdsAsync(admin));
        Assert.Empty(upstream.Requests);
        Assert.Equal(name, (await ProvidersAdmin.GetAsync(admin, name)).GetProperty("name").GetString());

        await ProvidersAdmin.PatchAsync(admin, name, new { enabled = true });

        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, model)).Status);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task Patch_DisableOneOfTwoProviders_FailsOverToTheOther()
    {
        await using var first = await FakeUpstreamServer.StartAsync();
        await using var second = await FakeUpstreamServer.StartAsync();
        using var admin = stored.Fresh().CreateAdminClient();
        var (firstName, secondName, model) = (Unique("first"), Unique("second"), Unique("shared"));
        await ProvidersAdmin.CreateAsync(admin, new { name = firstName, baseUrl = first.BaseUrl, models = new[] { model }, priority = 0 });
        await ProvidersAdmin.CreateAsync(admin, new { name = secondName, baseUrl = second.BaseUrl, models = new[] { model }, priority = 1 });
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, model)).Status);
        Assert.Single(first.Requests);

        await ProvidersAdmin.PatchAsync(admin, firstName, new { enabled = false });

        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, model)).Status);
        Assert.Single(first.Requests);
        Assert.Single(second.Requests);
    }

    [Fact]
    public async Task Patch_NewApiKey_NextUpstreamCallUsesIt()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, model) = (Unique("rotated"), Unique("m"));
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, apiKey = "sk-old-key-0000", models = new[] { model } });
        await ProvidersAdmin.ChatAsync(admin, model);

        var patched = await ProvidersAdmin.PatchAsync(admin, name, new { apiKey = "sk-new-key-1111" });
        await ProvidersAdmin.ChatAsync(admin, model);

        Assert.True(patched.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(["Bearer sk-old-key-0000", "Bearer sk-new-key-1111"], upstream.Requests.Select(r => r.Headers["Authorization"]));

        var removed = await ProvidersAdmin.PatchAsync(admin, name, new { apiKey = "" });
        await ProvidersAdmin.ChatAsync(admin, model);

        Assert.False(removed.GetProperty("hasApiKey").GetBoolean());
        Assert.False(upstream.Requests[^1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Patch_SomeFields_ChangesOnlyThoseAndTheRouting()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, oldModel, newModel, alias) = (Unique("changing"), Unique("old-model"), Unique("new-model"), Unique("public"));
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, apiKey = Key, models = new[] { oldModel }, weight = 3 });

        var patched = await ProvidersAdmin.PatchAsync(admin, name, new { models = new[] { newModel }, aliases = new Dictionary<string, string> { [alias] = newModel }, timeouts = new { firstByte = "00:00:30" } });

        Assert.Equal([newModel], patched.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(newModel, patched.GetProperty("aliases").GetProperty(alias).GetString());
        Assert.Equal(3, patched.GetProperty("weight").GetInt32());
        Assert.Equal("00:00:30", patched.GetProperty("timeouts").GetProperty("firstByte").GetString());
        Assert.Equal("00:00:10", patched.GetProperty("timeouts").GetProperty("connect").GetString());
        Assert.True(patched.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await ProvidersAdmin.ChatAsync(admin, oldModel)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, alias)).Status);
        Assert.Contains($"\"model\":\"{newModel}\"", upstream.Requests[^1].Body, StringComparison.Ordinal);
        Assert.Equal($"Bearer {Key}", upstream.Requests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task CreateAndPatch_TotalTimeout_IsShownAndEndsTheNextAnswerThatRunsPastIt()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, model) = (Unique("slow"), Unique("slow-model"));

        // A few bytes every 150 ms, never silent for the idle timeout (even on a busy machine): minutes for the whole answer.
        upstream.Default = UpstreamScript.Trickle(4, TimeSpan.FromMilliseconds(150), string.Concat(Enumerable.Repeat("slow ", 1000)));

        var created = await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, models = new[] { model }, timeouts = new { idle = "00:00:30" } });
        Assert.Equal("00:10:00", created.GetProperty("timeouts").GetProperty("total").GetString());
        var patched = await ProvidersAdmin.PatchAsync(admin, name, new { timeouts = new { total = "00:00:01.500" } });
        Assert.Equal("00:00:01.5000000", patched.GetProperty("timeouts").GetProperty("total").GetString());
        Assert.Equal("00:00:30", patched.GetProperty("timeouts").GetProperty("idle").GetString());
        Assert.Equal("00:10:00", (await ProvidersAdmin.GetAsync(admin, "primary")).GetProperty("timeouts").GetProperty("total").GetString());

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await ProvidersAdmin.ChatAsync(admin, model);

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Contains($"'{name}'", Calls.Error(body).Message, StringComparison.Ordinal);
        Assert.Contains("total time limit", Calls.Error(body).Message, StringComparison.Ordinal);

        // Ended by the limit of 1.5 s, where the whole answer would take minutes; a busy machine may add seconds.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Delete_StoredProvider_IsGoneAtOnce()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(["primary"], s => s["Providers:primary:Models:0"] = "configured-model");
        using var admin = host.CreateAdminClient();
        await ProvidersAdmin.CreateAsync(admin, new { name = "doomed", baseUrl = upstream.BaseUrl, models = new[] { "doomed-model" } });

        using var response = await admin.DeleteAsync($"{ProvidersAdmin.Path}/doomed");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{ProvidersAdmin.Path}/doomed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ProvidersAdmin.ChatAsync(admin, "doomed-model")).Status);
        Assert.Equal(["configured-model"], await ProvidersAdmin.ModelIdsAsync(admin));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{ProvidersAdmin.Path}/doomed")).StatusCode);
        await ProvidersAdmin.CreateAsync(admin, new { name = "doomed", baseUrl = upstream.BaseUrl });
    }

    [Fact]
    public async Task PatchAndDelete_ConfigurationProvider_Return409SayingToChangeConfiguration()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var patch = await admin.PatchAsJsonAsync($"{ProvidersAdmin.Path}/Primary", new { enabled = false });
        using var delete = await admin.DeleteAsync($"{ProvidersAdmin.Path}/primary");

        foreach (var response in (HttpResponseMessage[])[patch, delete])
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("configuration", ProvidersAdmin.Parse(await response.Content.ReadAsStringAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, "gpt-4o-mini")).Status);
    }

    [Fact]
    public async Task PatchAndDelete_UnknownProvider_Return404Problem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var patch = await admin.PatchAsJsonAsync($"{ProvidersAdmin.Path}/nobody", new { enabled = false });
        using var delete = await admin.DeleteAsync($"{ProvidersAdmin.Path}/nobody");

        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Test_HealthyUpstream_OkWithModelCountAndTheProvidersKey()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        upstream.Models = ["one", "two", "three"];
        using var admin = stored.Fresh().CreateAdminClient();
        var name = Unique("tested");
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, apiKey = Key, enabled = false });

        using var response = await ProvidersAdmin.TestAsync(admin, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ProvidersAdmin.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(3, result.GetProperty("models").GetInt32());
        Assert.True(result.GetProperty("latencyMs").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/v1/models", received.Path);
        Assert.Equal($"Bearer {Key}", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Test_RefusedConnection_OkFalseWithErrorAnd200()
    {
        using var admin = stored.Fresh().CreateAdminClient();
        var name = Unique("unreachable");

        // A model of its own: a provider serving any model would take other tests' requests on the shared host.
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = Calls.ClosedPortBaseUrl(), apiKey = Key, models = new[] { Unique("m") } });

        using var response = await ProvidersAdmin.TestAsync(admin, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ProvidersAdmin.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("status").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("models").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("error").GetString()));
        Assert.Equal("healthy", (await ProvidersAdmin.GetAsync(admin, name)).GetProperty("health").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Test_UpstreamRefusesKey_OkFalseWithStatusAndItsMessageWithoutTheKey()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        upstream.ModelsScript = UpstreamScript.Fail(401, $"Incorrect API key provided: {Key}.");
        using var admin = stored.Fresh().CreateAdminClient();
        var name = Unique("refused");

        // A model of its own: a provider serving any model would take other tests' requests on the shared host.
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, apiKey = Key, models = new[] { Unique("m") } });

        using var response = await ProvidersAdmin.TestAsync(admin, name);

        var text = await response.Content.ReadAsStringAsync();
        var result = ProvidersAdmin.Parse(text);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(401, result.GetProperty("status").GetInt32());
        Assert.Contains("Incorrect API key provided", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_ConfigurationAndDemoProviders_AreTestedToo()
    {
        var configured = shared.Fresh();
        await using var demo = await GatewayHost.StartAsync(providers: []);
        using var configuredAdmin = configured.CreateAdminClient();
        using var demoAdmin = demo.CreateAdminClient();

        var configuredResult = ProvidersAdmin.Parse(await (await ProvidersAdmin.TestAsync(configuredAdmin, "primary")).Content.ReadAsStringAsync());
        var demoResult = ProvidersAdmin.Parse(await (await ProvidersAdmin.TestAsync(demoAdmin, "demo")).Content.ReadAsStringAsync());

        Assert.True(configuredResult.GetProperty("ok").GetBoolean());
        Assert.Equal(1, configuredResult.GetProperty("models").GetInt32());
        Assert.Equal("Bearer sk-upstream-primary-secret", Assert.Single(configured.Upstream.Requests).Headers["Authorization"]);
        Assert.True(demoResult.GetProperty("ok").GetBoolean());
        Assert.Equal(1, demoResult.GetProperty("models").GetInt32());
    }

    [Fact]
    public async Task Test_UnknownProvider_Returns404Problem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await ProvidersAdmin.TestAsync(admin, "nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_ProviderCoolingDown_ShowsCoolingDownWithLastErrorAndUntil()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        upstream.Default = UpstreamScript.Fail(503);
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, model) = (Unique("failing"), Unique("m"));
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, models = new[] { model } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ProvidersAdmin.ChatAsync(admin, model)).Status);
        var health = (await ProvidersAdmin.GetAsync(admin, name)).GetProperty("health");

        Assert.Equal("cooling_down", health.GetProperty("status").GetString());
        Assert.Contains("503", health.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var lastErrorAt = health.GetProperty("lastErrorAt").GetDateTimeOffset();
        var until = health.GetProperty("coolingDownUntil").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromMinutes(5), until - lastErrorAt);
        Assert.True(until > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Changes_ToOtherProviders_KeepAnUnchangedProvidersHealth()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(["primary"], s =>
        {
            s["Providers:primary:Models:0"] = "configured-model";
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:05:00";
        });
        using var admin = host.CreateAdminClient();
        await ProvidersAdmin.CreateAsync(admin, new { name = "steady", baseUrl = upstream.BaseUrl, models = new[] { "steady-model" } });
        upstream.Default = UpstreamScript.Fail(503);
        host.Upstream.Default = UpstreamScript.Fail(503);
        await ProvidersAdmin.ChatAsync(admin, "steady-model");
        await ProvidersAdmin.ChatAsync(admin, "configured-model");

        await ProvidersAdmin.CreateAsync(admin, new { name = "newcomer", baseUrl = upstream.BaseUrl, models = new[] { "other" } });
        await ProvidersAdmin.PatchAsync(admin, "steady", new { enabled = true });

        Assert.Equal("cooling_down", (await ProvidersAdmin.GetAsync(admin, "steady")).GetProperty("health").GetProperty("status").GetString());
        Assert.Equal("cooling_down", (await ProvidersAdmin.GetAsync(admin, "primary")).GetProperty("health").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Patch_BaseUrlOfProviderServingAnyModel_ModelListFollowsAtOnce()
    {
        await using var before = await FakeUpstreamServer.StartAsync();
        await using var after = await FakeUpstreamServer.StartAsync();
        before.Models = ["listed-before"];
        after.Models = ["listed-after"];
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        await ProvidersAdmin.CreateAsync(admin, new { name = "open", baseUrl = before.BaseUrl });
        Assert.Equal(["listed-before"], await ProvidersAdmin.ModelIdsAsync(admin));

        await ProvidersAdmin.PatchAsync(admin, "open", new { baseUrl = after.BaseUrl });

        Assert.Equal(["listed-after"], await ProvidersAdmin.ModelIdsAsync(admin));
    }

    [Fact]
    public async Task Patch_DuringAStream_TheStreamInFlightFinishes()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        upstream.Default = UpstreamScript.Answer("one two three four five six") with { Chunks = 6, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        using var admin = stored.Fresh().CreateAdminClient();
        var (name, model) = (Unique("streaming"), Unique("m"));
        await ProvidersAdmin.CreateAsync(admin, new { name, baseUrl = upstream.BaseUrl, models = new[] { model } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ChatCompletions.ChatCompletionsRelayTests.ChatRequest(stream: true, model: model)),
        };
        using var response = await admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);

        await ProvidersAdmin.PatchAsync(admin, name, new { priority = 5, timeouts = new { connect = "00:00:05" } });
        await admin.DeleteAsync($"{ProvidersAdmin.Path}/{name}");
        var rest = await reader.ReadToEndAsync();

        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ProviderARequestIsAboutToFailOverTo_TheRequestStillReachesIt()
    {
        await using var slow = await FakeUpstreamServer.StartAsync();
        await using var backup = await FakeUpstreamServer.StartAsync();
        slow.Default = UpstreamScript.Fail(503) with { DelayBeforeHeaders = TimeSpan.FromSeconds(2) };
        backup.Default = UpstreamScript.Answer("backup answers");
        using var admin = stored.Fresh().CreateAdminClient();
        var (slowName, backupName, model) = (Unique("slow"), Unique("backup"), Unique("m"));
        await ProvidersAdmin.CreateAsync(admin, new { name = slowName, baseUrl = slow.BaseUrl, models = new[] { model }, priority = 0 });
        await ProvidersAdmin.CreateAsync(admin, new { name = backupName, baseUrl = backup.BaseUrl, models = new[] { model }, priority = 1 });

        // Routed to [slow, backup]; while slow keeps it waiting, backup is replaced.
        var chat = ProvidersAdmin.ChatAsync(admin, model);
        await PollAsync(() => slow.Requests.Count == 1);
        await ProvidersAdmin.PatchAsync(admin, backupName, new { timeouts = new { connect = "00:00:05" } });
        var (status, body) = await chat;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("backup answers", Calls.MessageContent(body));
    }

    [Fact]
    public async Task Create_LinkLocalUrlAllowedByConfiguration_IsAccepted()
    {
        using var admin = stored.Fresh().CreateAdminClient();

        // Never called: it serves only a model no test asks for.
        var created = await ProvidersAdmin.CreateAsync(admin, new { name = Unique("metadata"), baseUrl = "http://169.254.169.254/v1", models = new[] { Unique("never-asked") } });

        Assert.Equal("http://169.254.169.254/v1", created.GetProperty("baseUrl").GetString());
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Calls.HangLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in time.");
            await Task.Delay(10);
        }
    }
}
