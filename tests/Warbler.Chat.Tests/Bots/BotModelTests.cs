using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Bots;

/// <summary>
/// A bot is created or changed only on a model some provider serves, as the gateway would route it.
/// The tests on a provider that lists its models share one host (each makes bots of its own); the
/// others start the host they describe.
/// </summary>
public sealed class BotModelTests(BotModelTests.ListedModelHost listedModelHost) : IClassFixture<BotModelTests.ListedModelHost>
{
    private static string NewHandle() => "bot-" + Guid.NewGuid().ToString("N")[..10];

    private static Task<HttpResponseMessage> CreateAsync(HttpClient admin, string model) =>
        admin.PostAsJsonAsync("/api/bots", new { name = "Helper", handle = NewHandle(), model });

    [Fact]
    public async Task Create_ModelNoProviderServes_Returns400NamingModel()
    {
        using var admin = listedModelHost.Fresh().CreateAdminClient();

        using var refused = await CreateAsync(admin, "gpt-4o-mini");
        using var listed = await CreateAsync(admin, "listed-model");
        using var aliased = await CreateAsync(admin, "nickname");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await ProblemBody.ReadAsync(refused);
        Assert.Contains("gpt-4o-mini", Assert.Single(problem.Errors["model"]), StringComparison.Ordinal);
        Assert.Contains("listed-model", problem.Errors["model"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, aliased.StatusCode);
    }

    [Fact]
    public async Task Update_ToAModelNoProviderServes_Returns400NamingModelAndChangesNothing()
    {
        using var admin = listedModelHost.Fresh().CreateAdminClient();
        using var created = await CreateAsync(admin, "listed-model");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var refused = await admin.PatchAsJsonAsync($"/api/bots/{id}", new { model = "unknown-model" });
        using var renamed = await admin.PatchAsJsonAsync($"/api/bots/{id}", new { name = "Renamed" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("model", (await ProblemBody.ReadAsync(refused)).Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("listed-model", (await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{id}")).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Create_InDemoMode_AnyModelIsServed()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();

        using var response = await CreateAsync(admin, "gpt-4o-mini");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_ProviderServingAnyModelWhoseListCannotBeFetched_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync(providers: [], configure: s => s["Providers:away:BaseUrl"] = "http://127.0.0.1:9/v1");
        using var admin = host.CreateAdminClient();

        using var response = await CreateAsync(admin, "some-model");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_AfterAProviderIsAddedThroughTheAdminApi_DemoModelsAreNoLongerAccepted()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();
        using var added = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "real", baseUrl = upstream.BaseUrl, models = new[] { "real-model" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using var refused = await CreateAsync(admin, "gpt-4o-mini");
        using var accepted = await CreateAsync(admin, "real-model");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    /// <summary>A provider serving only <c>listed-model</c>, also known by the alias <c>nickname</c>.</summary>
    public sealed class ListedModelHost : SharedHostFixture
    {
        protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Models:0"] = "listed-model";
            s["Providers:primary:Aliases:nickname"] = "listed-model";
        });
    }
}
