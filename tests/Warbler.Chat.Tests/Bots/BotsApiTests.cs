using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Bots;

/// <summary><c>/api/bots</c>: who may read and change bots, and what a bot may be.</summary>
public sealed class BotsApiTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    private static string NewHandle() => "bot-" + Guid.NewGuid().ToString("N")[..10];

    private static JsonObject ValidBot(string? handle = null) => new()
    {
        ["name"] = "Helper",
        ["handle"] = handle ?? NewHandle(),
        ["model"] = "demo",
        ["systemPrompt"] = "You help.",
        ["temperature"] = 0.7,
        ["topP"] = 0.9,
        ["maxTokens"] = 500,
        ["frequencyPenalty"] = 0.5,
        ["presencePenalty"] = -0.5,
        ["contextBudget"] = 4000,
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task List_AsSignedInUser_IncludesTheDefaultAssistant()
    {
        using var user = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        var bots = await user.GetFromJsonAsync<JsonElement>("/api/bots");

        var assistant = bots.EnumerateArray().Single(b => b.GetProperty("handle").GetString() == "assistant");
        Assert.Equal("Assistant", assistant.GetProperty("name").GetString());
        Assert.Equal(8000, assistant.GetProperty("contextBudget").GetInt32());
    }

    [Fact]
    public async Task CreateGetUpdateDelete_AsUserWithAdminRole_Work()
    {
        using var admin = await Host.CreateAdminUserClientAsync();
        await CreateGetUpdateDeleteAsync(admin);
    }

    [Fact]
    public async Task CreateGetUpdateDelete_WithTheAdminKey_Work()
    {
        using var admin = Host.CreateAdminClient();
        await CreateGetUpdateDeleteAsync(admin);
    }

    private async Task CreateGetUpdateDeleteAsync(HttpClient admin)
    {
        using var user = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());
        var handle = NewHandle();

        using var created = await admin.PostAsync("/api/bots", Json(ValidBot(handle)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bot = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = bot.GetProperty("id").GetString()!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/api/bots/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(handle, bot.GetProperty("handle").GetString());
        Assert.Equal(0.7, bot.GetProperty("temperature").GetDouble());
        Assert.Equal(4000, bot.GetProperty("contextBudget").GetInt32());

        var seen = await user.GetFromJsonAsync<JsonElement>($"/api/bots/{id}");
        Assert.Equal("You help.", seen.GetProperty("systemPrompt").GetString());
        Assert.Contains(id, await user.GetStringAsync("/api/bots"), StringComparison.Ordinal);

        using var updated = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject { ["name"] = "Coder", ["model"] = "gpt-4o", ["temperature"] = null }));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var changed = await user.GetFromJsonAsync<JsonElement>($"/api/bots/{id}");
        Assert.Equal("Coder", changed.GetProperty("name").GetString());
        Assert.Equal("gpt-4o", changed.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("temperature").ValueKind);
        Assert.Equal(0.9, changed.GetProperty("topP").GetDouble());
        Assert.Equal(500, changed.GetProperty("maxTokens").GetInt32());
        Assert.Equal(handle, changed.GetProperty("handle").GetString());
        Assert.True(changed.GetProperty("updatedAt").GetDateTimeOffset() >= changed.GetProperty("createdAt").GetDateTimeOffset());

        using var deleted = await admin.DeleteAsync($"/api/bots/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await user.GetAsync($"/api/bots/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await ProblemBody.ReadAsync(gone);
    }

    [Fact]
    public async Task Create_WithOnlyNameHandleAndModel_UsesDefaults()
    {
        using var admin = Host.CreateAdminClient();

        using var created = await admin.PostAsJsonAsync("/api/bots", new { name = "Plain", handle = NewHandle(), model = "demo" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bot = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("", bot.GetProperty("systemPrompt").GetString());
        Assert.Equal(8000, bot.GetProperty("contextBudget").GetInt32());
        foreach (var field in (string[])["temperature", "topP", "maxTokens", "frequencyPenalty", "presencePenalty"])
        {
            Assert.Equal(JsonValueKind.Null, bot.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public async Task Create_HandleWithAtSignAndCapitals_IsStoredInLowercase()
    {
        using var admin = Host.CreateAdminClient();
        var handle = NewHandle();

        using var created = await admin.PostAsync("/api/bots", Json(ValidBot(" @" + handle.ToUpperInvariant())));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(handle, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("handle").GetString());
    }

    [Theory]
    [InlineData("POST", false)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    public async Task Changes_AsPlainUser_Return403ProblemDetails(string method, bool onExistingBot)
    {
        var id = await CreateBotAsync();
        using var user = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var response = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), onExistingBot ? $"/api/bots/{id}" : "/api/bots")
        {
            Content = Json(ValidBot()),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("admin", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
        using var admin = Host.CreateAdminClient();
        Assert.Equal("Helper", (await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{id}")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("POST", false)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    public async Task Changes_WithADeletedAdminsToken_Return401ProblemDetails(string method, bool onExistingBot)
    {
        var id = await CreateBotAsync();
        var email = ChatUsers.NewEmail("admin");
        var userId = await Host.CreateUserAsync(email, admin: true);
        using var gone = Host.CreateClient(await Host.LoginAsync(email));
        using (var admin = Host.CreateAdminClient())
        using (var deleted = await admin.DeleteAsync($"/api/admin/users/{userId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var response = await gone.SendAsync(new HttpRequestMessage(new HttpMethod(method), onExistingBot ? $"/api/bots/{id}" : "/api/bots")
        {
            Content = Json(ValidBot()),
        });

        // Signed in as nobody, as on every other route; 403 would say an existing user was refused.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign in first", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
        using var stillAdmin = Host.CreateAdminClient();
        Assert.Equal("Helper", (await stillAdmin.GetFromJsonAsync<JsonElement>($"/api/bots/{id}")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/{id}")]
    [InlineData("POST", "")]
    [InlineData("PATCH", "/{id}")]
    [InlineData("DELETE", "/{id}")]
    public async Task EveryRoute_Anonymous_Returns401ProblemDetails(string method, string suffix)
    {
        var id = await CreateBotAsync();
        using var anonymous = Host.CreateClient(key: null);

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/bots" + suffix.Replace("{id}", id, StringComparison.Ordinal))
        {
            Content = Json(ValidBot()),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        await ProblemBody.ReadAsync(response);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "")]
    public async Task GatewayKeyThatIsNotTheAdminKey_IsNotAChatUser(string method, string suffix)
    {
        using var client = Host.CreateClient(await Host.CreateKeyAsync());

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/bots" + suffix) { Content = Json(ValidBot()) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string> InvalidValues => new()
    {
        { "temperature", "-0.1" },
        { "temperature", "2.01" },
        { "topP", "-0.01" },
        { "topP", "1.01" },
        { "frequencyPenalty", "-2.1" },
        { "frequencyPenalty", "2.1" },
        { "presencePenalty", "-2.1" },
        { "presencePenalty", "2.1" },
        { "maxTokens", "0" },
        { "maxTokens", "-5" },
        { "contextBudget", "255" },
        { "contextBudget", "1000001" },
        { "name", "\"\"" },
        { "name", "\"   \"" },
        { "name", $"\"{new string('n', 101)}\"" },
        { "systemPrompt", $"\"{new string('p', 32_001)}\"" },
        { "model", "\"\"" },
        { "model", "\"  \"" },
        { "handle", "\"a\"" },
        { "handle", $"\"{new string('h', 33)}\"" },
        { "handle", "\"has space\"" },
        { "handle", "\"dots.not.allowed\"" },
        { "handle", "\"ünïcode\"" },
        { "handle", "\"\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Create_InvalidValue_Returns400NamingTheField(string field, string json)
    {
        using var admin = Host.CreateAdminClient();
        var body = ValidBot();
        body[field] = JsonNode.Parse(json);

        using var response = await admin.PostAsync("/api/bots", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Update_InvalidValue_Returns400NamingTheFieldAndChangesNothing(string field, string json)
    {
        var id = await CreateBotAsync();
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject { ["name"] = "Changed", [field] = JsonNode.Parse(json) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal("Helper", (await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{id}")).GetProperty("name").GetString());
    }

    public static TheoryData<string, string> BoundaryValues => new()
    {
        { "temperature", "0" },
        { "temperature", "2" },
        { "topP", "0" },
        { "topP", "1" },
        { "frequencyPenalty", "-2" },
        { "frequencyPenalty", "2" },
        { "presencePenalty", "-2" },
        { "presencePenalty", "2" },
        { "maxTokens", "1" },
        { "contextBudget", "256" },
        { "contextBudget", "1000000" },
        { "name", $"\"{new string('n', 100)}\"" },
        { "systemPrompt", $"\"{new string('p', 32_000)}\"" },
        { "systemPrompt", "\"\"" },
        { "handle", "\"ab\"" },
        { "handle", $"\"{new string('h', 31)}x\"" },
        { "handle", "\"a_b-c9\"" },
    };

    [Theory]
    [MemberData(nameof(BoundaryValues))]
    public async Task Create_ValueAtTheEdgeOfItsRange_IsAccepted(string field, string json)
    {
        using var admin = Host.CreateAdminClient();
        var body = ValidBot();
        body[field] = JsonNode.Parse(json);

        using var response = await admin.PostAsync("/api/bots", Json(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("handle")]
    [InlineData("model")]
    public async Task Create_WithoutARequiredField_Returns400NamingIt(string field)
    {
        using var admin = Host.CreateAdminClient();
        var body = ValidBot();
        body.Remove(field);

        using var response = await admin.PostAsync("/api/bots", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("handle")]
    [InlineData("model")]
    [InlineData("systemPrompt")]
    [InlineData("contextBudget")]
    public async Task Update_NullForAFieldThatCannotBeCleared_Returns400NamingIt(string field)
    {
        var id = await CreateBotAsync();
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject { [field] = null }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Update_NullSamplingSettings_GoBackToTheModelsDefaults()
    {
        var id = await CreateBotAsync();
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject
        {
            ["temperature"] = null, ["topP"] = null, ["maxTokens"] = null, ["frequencyPenalty"] = null, ["presencePenalty"] = null,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bot = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in (string[])["temperature", "topP", "maxTokens", "frequencyPenalty", "presencePenalty"])
        {
            Assert.Equal(JsonValueKind.Null, bot.GetProperty(field).ValueKind);
        }

        Assert.Equal("You help.", bot.GetProperty("systemPrompt").GetString());
    }

    [Theory]
    [InlineData("helper-{0}")]
    [InlineData("Helper-{0}")]
    [InlineData("@HELPER-{0}")]
    public async Task Create_HandleTakenInAnyCase_Returns409(string format)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await CreateBotAsync($"helper-{suffix}");
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsync("/api/bots", Json(ValidBot(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, suffix))));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"@helper-{suffix}", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ToAnotherBotsHandle_Returns409_ButKeepingItsOwnIsFine()
    {
        var id = await CreateBotAsync();
        using var admin = Host.CreateAdminClient();
        var own = (await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{id}")).GetProperty("handle").GetString();

        using var taken = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject { ["handle"] = "assistant" }));
        using var same = await admin.PatchAsync($"/api/bots/{id}", Json(new JsonObject { ["handle"] = own }));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"Helper","handle":"typed","model":"demo","temperature":"hot"}""", "temperature")]
    [InlineData("""{"name":"Helper","handle":"typed","model":"demo","maxTokens":1.5}""", "maxTokens")]
    [InlineData("""{"name":"Helper","handle":"typed","model":42}""", "model")]
    [InlineData("{not json", "body")]
    [InlineData("", "body")]
    public async Task Create_MalformedJson_Returns400NamingTheField(string body, string field)
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsync("/api/bots", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Update_MalformedValue_Returns400NamingTheField()
    {
        var id = await CreateBotAsync();
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PatchAsync($"/api/bots/{id}", new StringContent("""{"topP":"high"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["topP"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task UnknownBot_Returns404(string method)
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/bots/{Guid.NewGuid()}") { Content = Json(new JsonObject()) });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    private async Task<string> CreateBotAsync(string? handle = null)
    {
        using var admin = Host.CreateAdminClient();
        using var response = await admin.PostAsync("/api/bots", Json(ValidBot(handle)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
