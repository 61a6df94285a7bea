using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Bots;
using Warbler.FakeUpstream;
using Warbler.Gateway.Providers;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Bots;

/// <summary>
/// The default bot, <c>@assistant</c>, exists from the first start, on a model that can answer. Tests that
/// only read it on a server without providers share one; the others start the server they describe.
/// </summary>
public sealed class DefaultBotTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    private static async Task<JsonElement> AssistantAsync(GatewayHost host)
    {
        using var admin = host.CreateAdminClient();
        var bots = await admin.GetFromJsonAsync<JsonElement>("/api/bots");
        return bots.EnumerateArray().Single(b => b.GetProperty("handle").GetString() == "assistant");
    }

    [Fact]
    public async Task FirstStart_WithNoProvider_AssistantUsesTheDemoModel()
    {
        var host = demo.Fresh();

        var assistant = await AssistantAsync(host);

        Assert.Equal("demo", assistant.GetProperty("model").GetString());
        Assert.Equal("Assistant", assistant.GetProperty("name").GetString());
        Assert.Equal("You are a helpful assistant.", assistant.GetProperty("systemPrompt").GetString());
    }

    [Fact]
    public async Task FirstStart_WithProviders_AssistantUsesTheFirstModelOfTheProviderTriedFirst()
    {
        await using var host = await GatewayHost.StartAsync(["primary", "backup"], settings =>
        {
            settings["Providers:primary:Models:0"] = "primary-small";
            settings["Providers:primary:Models:1"] = "primary-large";
            settings["Providers:backup:Models:0"] = "backup-model";
        });

        Assert.Equal("primary-small", (await AssistantAsync(host)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task FirstStart_PriorityDecidesNotTheOrderOfTheSection()
    {
        await using var host = await GatewayHost.StartAsync(["primary", "backup"], settings =>
        {
            settings["Providers:primary:Models:0"] = "primary-model";
            settings["Providers:backup:Models:0"] = "backup-model";
            settings["Providers:backup:Priority"] = "-1";
        });

        Assert.Equal("backup-model", (await AssistantAsync(host)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task FirstStart_ProviderServingAnyModel_AssistantUsesGpt4oMini()
    {
        await using var host = await GatewayHost.StartAsync();

        Assert.Equal("gpt-4o-mini", (await AssistantAsync(host)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task FirstStart_ChatDefaultModelSet_AssistantUsesIt()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings =>
        {
            settings["Providers:primary:Models:0"] = "provider-model";
            settings["Chat:DefaultModel"] = "chosen-model";
        });

        Assert.Equal("chosen-model", (await AssistantAsync(host)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task LaterStart_KeepsTheAssistantAsAdminsLeftIt_AndRecreatesItOnlyWhenGone()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        var id = (await AssistantAsync(host)).GetProperty("id").GetString();
        using var patched = await admin.PatchAsJsonAsync($"/api/bots/{id}", new { model = "changed-by-admin" });
        patched.EnsureSuccessStatusCode();
        var creator = host.Services.GetServices<IHostedService>().OfType<DefaultBotCreator>().Single();

        await creator.StartAsync(CancellationToken.None);
        var kept = await AssistantAsync(host);
        using var deleted = await admin.DeleteAsync($"/api/bots/{id}");
        await creator.StartAsync(CancellationToken.None);
        var recreated = await AssistantAsync(host);

        Assert.Equal(id, kept.GetProperty("id").GetString());
        Assert.Equal("changed-by-admin", kept.GetProperty("model").GetString());
        Assert.NotEqual(id, recreated.GetProperty("id").GetString());
        Assert.Equal("demo", recreated.GetProperty("model").GetString());
    }

    [Fact]
    public async Task FirstStart_WithNoProvider_AssistantAnswersThroughTheDemo()
    {
        var host = demo.Fresh();
        using var user = await host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var response = await user.PostAsJsonAsync("/chat", new { message = "Hello bot" });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var reply = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reply").GetString();
        Assert.StartsWith("[Offline demo: no provider is configured.] You said: \"Hello bot\"", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaterStart_WithAProviderNow_UntouchedAssistantOnDemoMovesToTheRealModel()
    {
        var database = GatewayHost.NewDatabasePath();
        try
        {
            string id;
            await using (var demo = await GatewayHost.StartAsync(providers: [], databasePath: database))
            {
                id = (await AssistantAsync(demo)).GetProperty("id").GetString()!;
            }

            await using var real = await GatewayHost.StartAsync(databasePath: database);
            using var user = await real.RegisterAndLoginAsync(ChatUsers.NewEmail());
            var assistant = await AssistantAsync(real);
            using var response = await user.PostAsJsonAsync("/chat", new { message = "Hello" });

            Assert.Equal(id, assistant.GetProperty("id").GetString());
            Assert.Equal("gpt-4o-mini", assistant.GetProperty("model").GetString());
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var sent = JsonDocument.Parse(real.Upstream.Requests[^1].Body);
            Assert.Equal("gpt-4o-mini", sent.RootElement.GetProperty("model").GetString());
        }
        finally
        {
            GatewayHost.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task ProviderAddedThroughTheAdminApi_UntouchedAssistantOnDemoMovesAtOnce()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        Assert.Equal("demo", (await AssistantAsync(host)).GetProperty("model").GetString());

        using var added = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "real", baseUrl = upstream.BaseUrl, models = new[] { "real-model" } });
        added.EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? model;
        while ((model = (await AssistantAsync(host)).GetProperty("model").GetString()) == "demo" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal("real-model", model);
    }

    [Fact]
    public async Task LaterStart_WithAProviderNow_AssistantAnAdminChangedStaysOnDemo()
    {
        var database = GatewayHost.NewDatabasePath();
        try
        {
            await using (var demo = await GatewayHost.StartAsync(providers: [], databasePath: database))
            {
                using var admin = demo.CreateAdminClient();
                var id = (await AssistantAsync(demo)).GetProperty("id").GetString();
                using var patched = await admin.PatchAsJsonAsync($"/api/bots/{id}", new { systemPrompt = "You are terse." });
                patched.EnsureSuccessStatusCode();
            }

            await using var real = await GatewayHost.StartAsync(databasePath: database);

            Assert.Equal("demo", (await AssistantAsync(real)).GetProperty("model").GetString());
        }
        finally
        {
            GatewayHost.DeleteDatabase(database);
        }
    }

    [Fact]
    public void Choose_EqualPriorities_PrefersTheHeavierWeightThenTheName()
    {
        ProviderChoice[] providers = [new("zeta", 0, 1, ["zeta-model"]), new("beta", 0, 1, ["beta-model"])];
        Assert.Equal("beta-model", DefaultBotModel.Choose(null, providers).Model);

        providers[0] = providers[0] with { Weight = 5 };
        Assert.Equal("zeta-model", DefaultBotModel.Choose(null, providers).Model);

        Assert.Equal("set", DefaultBotModel.Choose("  set  ", providers).Model);
        Assert.Equal("demo", DefaultBotModel.Choose(" ", []).Model);
    }
}
