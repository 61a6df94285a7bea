using System.Net;
using Warbler.Server.Hosting;
using Warbler.Testing;

namespace Warbler.HostileInput.Tests.Credentials;

/// <summary>
/// A credential far longer than any Warbler issues, sent over a real socket so that Kestrel's header
/// limits apply: refused with 401 in the API's own format, naming the header and never its value; a
/// header block past Kestrel's raised limit still gets Kestrel's bare 431.
/// </summary>
public sealed class OversizedCredentialTests(OversizedCredentialTests.Server server) : IClassFixture<OversizedCredentialTests.Server>
{
    /// <summary>Recognisable in any answer or log line that would repeat it.</summary>
    private const string SecretPart = "s3cretPart";

    [Theory]
    [InlineData("GET", "/v1/models")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("POST", "/v1/engines/gpt-4o-mini/completions")]
    public async Task Send_Authorization60KB_OnV1_Gets401InOpenAIFormatWithoutTheSecret(string method, string path)
    {
        using var response = await SendAsync(method, path, "Authorization", "Bearer " + Secret(60 * 1024));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Contains("Authorization header is 61,447 characters long", error.Message, StringComparison.Ordinal);
        AssertNowhere(error.Message);
    }

    [Fact]
    public async Task Send_ApiKeyHeader60KB_OnV1_Gets401InOpenAIFormatWithoutTheSecret()
    {
        using var response = await SendAsync("POST", "/v1/chat/completions", "api-key", Secret(60 * 1024));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.Contains("api-key header", error.Message, StringComparison.Ordinal);
        AssertNowhere(error.Message);
    }

    [Theory]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/admin/keys")]
    [InlineData("POST", "/api/rooms")]
    [InlineData("POST", "/chat")]
    [InlineData("POST", "/api/auth/login")]
    public async Task Send_Authorization60KB_OnApiAndChat_Gets401ProblemDetailsWithoutTheSecret(string method, string path)
    {
        using var response = await SendAsync(method, path, "Authorization", "Bearer " + Secret(60 * 1024));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(401, problem.Status);
        Assert.Contains("Authorization header is 61,447 characters long", problem.Detail, StringComparison.Ordinal);
        AssertNowhere(problem.Detail ?? "");
    }

    [Fact]
    public async Task Send_BearerOfTheLongestAllowedLength_IsJudgedAsAKeyNotRefusedForItsLength()
    {
        var bearer = "Bearer " + Secret(HeaderLimits.MaxCredentialLength - "Bearer ".Length);

        using var response = await SendAsync("GET", "/v1/models", "Authorization", bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.DoesNotContain("characters long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_HeaderBlockPastKestrelsLimit_GetsKestrelsBare431()
    {
        using var response = await SendAsync("GET", "/v1/models", "Authorization", "Bearer " + Secret(HeaderLimits.MaxRequestHeadersTotalSize + 1024));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_HeaderBlockPastTheDefaultLimit_WithTheLimitRaisedInConfiguration_ReachesWarbler()
    {
        await using var raised = await GatewayHost.StartAsync(kestrel: true, configure: settings =>
        {
            settings["urls"] = "http://127.0.0.1:0";
            settings["Kestrel:Limits:MaxRequestHeadersTotalSize"] = "300000";
        });
        using var client = new HttpClient { BaseAddress = raised.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret(200_000));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("200,007 characters long", (await OpenAIErrorBody.ReadAsync(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_OrdinaryHeadersOf40KB_ReachWarbler()
    {
        using var client = new HttpClient { BaseAddress = server.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new("Bearer", GatewayHost.AdminKey);
        request.Headers.TryAddWithoutValidation("X-Large", new string('h', 40 * 1024));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Secret(int length) =>
        string.Concat(Enumerable.Repeat(SecretPart, (length / SecretPart.Length) + 1))[..length];

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string header, string value)
    {
        using var client = new HttpClient { BaseAddress = server.Host.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } }, prompt = "Hi", message = "Hi", kind = "group", email = "a@example.com", password = ChatUsers.Password });
        }

        Assert.True(request.Headers.TryAddWithoutValidation(header, value));
        return await client.SendAsync(request);
    }

    /// <summary>The answer's text and every log line are free of the secret.</summary>
    private void AssertNowhere(string answer)
    {
        Assert.DoesNotContain(SecretPart, answer, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Log.Lines, line => line.Contains(SecretPart, StringComparison.Ordinal));
    }

    /// <summary>One real server for these tests, listening on a loopback socket, with every log line kept.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public LogCapture Log { get; } = new();

        public GatewayHost Host { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Host = await GatewayHost.StartAsync(logger: Log, kestrel: true, configure: settings => settings["urls"] = "http://127.0.0.1:0");

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
