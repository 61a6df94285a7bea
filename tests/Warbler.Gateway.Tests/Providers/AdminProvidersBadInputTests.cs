using System.Net;
using System.Text;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>
/// One gateway shared by the bad-input tests: a configuration provider <c>primary</c> and a
/// stored Azure provider <c>taken</c>. Refused requests change nothing, so the tests can share it.
/// </summary>
public sealed class ProvidersGateway : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public FakeUpstreamServer Upstream { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstreamServer.StartAsync();
        Host = await GatewayHost.StartAsync(["primary"]);
        using var admin = Host.CreateAdminClient();
        await ProvidersAdmin.CreateAsync(admin, new { name = "taken", kind = "Azure", baseUrl = Upstream.RootUrl, apiKey = "azure-key-123", models = new[] { "m" } });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

/// <summary><c>/api/admin/providers</c> answers bad calls with ProblemDetails naming the field, never a 500.</summary>
public sealed class AdminProvidersBadInputTests(ProvidersGateway gateway) : IClassFixture<ProvidersGateway>
{
    private const string Path = ProvidersAdmin.Path;

    private const string Url = "http://127.0.0.1:9/v1";

    [Theory]
    [InlineData("""{"baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"   ","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"has space","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"a/b","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"é","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"demo","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"Demo","baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"ok"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"not a url"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"ftp://127.0.0.1/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://user:pass@127.0.0.1:9/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://169.254.169.254/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://169.254.0.1:8080/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://[fe80::1]/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://[febf::1]/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://100.100.100.200/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://[fd00:ec2::254]/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://[::ffff:169.254.169.254]/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://2852039166/v1"}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","weight":0}""", "weight")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","weight":-3}""", "weight")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","kind":"Azure"}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","kind":"Azure","apiKey":""}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","kind":"Gemini"}""", "kind")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","kind":"1"}""", "kind")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","apiKey":"sk with space"}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","apiKey":"wk-a-warbler-key-0123456789"}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","apiKey":"sk-line\r\nX-Injected: 1"}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","models":["gpt-4o",""]}""", "models")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","aliases":{"gpt-4o":""}}""", "aliases")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","deployments":{"gpt-4o":" "}}""", "deployments")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","apiVersion":""}""", "apiVersion")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","legacyCompletions":"Sometimes"}""", "legacyCompletions")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"connect":"00:00:00"}}""", "timeouts.connect")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"firstByte":"-00:00:05"}}""", "timeouts.firstByte")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"idle":"30.00:00:00"}}""", "timeouts.idle")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"total":"00:00:00"}}""", "timeouts.total")]
    public async Task Create_InvalidField_Returns400ValidationProblemNamingIt(string body, string field)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await PostRawAsync(admin, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        await AssertOnlyTheFixtureProvidersAsync(admin);
    }

    [Fact]
    public async Task Create_NameTooLong_Returns400NamingIt()
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync(Path, new { name = new string('n', 101), baseUrl = Url });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("taken")]
    [InlineData("TAKEN")]
    [InlineData("primary")]
    [InlineData("Primary")]
    public async Task Create_NameInUse_Returns409ProblemNamingIt(string name)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync(Path, new { name, baseUrl = Url });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertOnlyTheFixtureProvidersAsync(admin);
    }

    [Theory]
    [InlineData("""{"name":42,"baseUrl":"http://127.0.0.1:9/v1"}""", "name")]
    [InlineData("""{"name":"ok","baseUrl":["http://127.0.0.1:9/v1"]}""", "baseUrl")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","weight":"2"}""", "weight")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","weight":1.5}""", "weight")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","priority":99999999999}""", "priority")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","models":"gpt-4o"}""", "models")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","models":[1,2]}""", "models")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","aliases":["gpt-4o"]}""", "aliases")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","enabled":"yes"}""", "enabled")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","apiKey":12345}""", "apiKey")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":"00:00:10"}""", "timeouts")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"connect":"soon"}}""", "timeouts.connect")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"connect":10}}""", "timeouts.connect")]
    [InlineData("""{"name":"ok","baseUrl":"http://127.0.0.1:9/v1","timeouts":{"total":"forever"}}""", "timeouts.total")]
    public async Task Create_WrongType_Returns400ProblemNamingTheField(string body, string field)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await PostRawAsync(admin, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""{"name":"truncated""")]
    [InlineData("""{"name":"ok",}""")]
    [InlineData("""["name"]""")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("""{"name":"ok"} trailing""")]
    public async Task Create_MalformedJson_Returns400Problem(string body)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await PostRawAsync(admin, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
    }

    [Fact]
    public async Task Create_NotJson_Returns415Problem()
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PostAsync(Path, new StringContent("name=ok", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{"name":"renamed"}""", "name")]
    [InlineData("""{"weight":0}""", "weight")]
    [InlineData("""{"apiKey":""}""", "apiKey")]
    [InlineData("""{"baseUrl":"http://169.254.169.254"}""", "baseUrl")]
    [InlineData("""{"kind":"Other"}""", "kind")]
    [InlineData("""{"timeouts":{"idle":"00:00:00"}}""", "timeouts.idle")]
    [InlineData("""{"timeouts":{"total":"2.00:00:00"}}""", "timeouts.total")]
    [InlineData("""{"enabled":1}""", "enabled")]
    [InlineData("""{"models":{}}""", "models")]
    [InlineData("""{"weight":""", "body")]
    [InlineData("""[]""", "body")]
    public async Task Patch_InvalidField_Returns400ProblemNamingItAndChangesNothing(string body, string field)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PatchAsync($"{Path}/taken", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var taken = await ProvidersAdmin.GetAsync(admin, "taken");
        Assert.Equal(1, taken.GetProperty("weight").GetInt32());
        Assert.True(taken.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(gateway.Upstream.RootUrl, taken.GetProperty("baseUrl").GetString());
    }

    [Fact]
    public async Task PatchAndDelete_Demo_Return409Problem()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();

        using var patch = await admin.PatchAsJsonAsync($"{Path}/demo", new { enabled = false });
        using var delete = await admin.DeleteAsync($"{Path}/demo");

        await AssertProblemAsync(patch, HttpStatusCode.Conflict);
        await AssertProblemAsync(delete, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "")]
    [InlineData("GET", "/taken")]
    [InlineData("PATCH", "/taken")]
    [InlineData("DELETE", "/taken")]
    [InlineData("POST", "/taken/test")]
    public async Task Request_NoKeyOrNonAdminKey_Returns401Or403Problem(string method, string suffix)
    {
        using var anonymous = gateway.Host.CreateClient(key: null);
        using var user = gateway.Host.CreateClient(await gateway.Host.CreateKeyAsync("not an admin"));

        using var unauthorized = await anonymous.SendAsync(Request(method, suffix));
        using var forbidden = await user.SendAsync(Request(method, suffix));

        await AssertProblemAsync(unauthorized, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
        using var admin = gateway.Host.CreateAdminClient();
        await AssertOnlyTheFixtureProvidersAsync(admin);
    }

    private static HttpRequestMessage Request(string method, string suffix) => new(new HttpMethod(method), Path + suffix)
    {
        Content = method is "POST" or "PATCH" ? new StringContent($$"""{"name":"sneaky","baseUrl":"{{Url}}"}""", Encoding.UTF8, "application/json") : null,
    };

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient admin, string body) =>
        admin.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task AssertOnlyTheFixtureProvidersAsync(HttpClient admin) =>
        Assert.Equal(["primary", "taken"], (await ProvidersAdmin.ListAsync(admin)).EnumerateArray().Select(p => p.GetProperty("name").GetString()));

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = ProvidersAdmin.Parse(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
