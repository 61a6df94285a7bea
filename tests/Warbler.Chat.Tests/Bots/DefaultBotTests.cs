using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Bots;
using Warbler.Gateway.Configuration;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Bots;

/// <summary>The default bot, <c>@assistant</c>, exists from the first start, on a model that can answer.</summary>
public sealed class DefaultBotTests
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
        await using var host = await GatewayHost.StartAsync(providers: []);

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
    public void Choose_EqualPriorities_PrefersTheHeavierWeightThenTheName()
    {
        var providers = new ProviderSettings();
        providers.Providers["zeta"] = new ProviderOptions { Models = ["zeta-model"], Weight = 1 };
        providers.Providers["beta"] = new ProviderOptions { Models = ["beta-model"], Weight = 1 };
        Assert.Equal("beta-model", DefaultBotModel.Choose(null, providers).Model);

        providers.Providers["zeta"].Weight = 5;
        Assert.Equal("zeta-model", DefaultBotModel.Choose(null, providers).Model);

        Assert.Equal("set", DefaultBotModel.Choose("  set  ", providers).Model);
        Assert.Equal("demo", DefaultBotModel.Choose(" ", new ProviderSettings()).Model);
    }
}
