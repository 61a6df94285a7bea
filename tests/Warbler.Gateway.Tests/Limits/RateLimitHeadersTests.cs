using System.Globalization;
using System.Net;
using System.Text;
using Warbler.Gateway.Tests.ChatCompletions;

namespace Warbler.Gateway.Tests.Limits;

/// <summary>
/// Every <c>/v1</c> answer to a key carries OpenAI's six <c>x-ratelimit-*</c> headers, whatever
/// the endpoint and whether it succeeded, so clients that read them always find them.
/// </summary>
public sealed class RateLimitHeadersTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private static readonly string[] HeaderNames =
    [
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ];

    public static TheoryData<string, string, string?, int> Requests => new()
    {
        { "POST", "/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""", 200 },
        { "POST", "/v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}""", 200 },
        { "POST", "/v1/completions", """{"model":"gpt-3.5-turbo-instruct","prompt":"Hi"}""", 200 },
        { "POST", "/v1/engines/davinci/completions", """{"prompt":"Hi"}""", 200 },
        { "GET", "/v1/models", null, 200 },
        { "GET", "/v1/models/fake-model", null, 200 },
        { "GET", "/v1/usage", null, 200 },
        { "POST", "/v1/chat/completions", """{"model":"gpt-4o-mini","messages":"not a list"}""", 400 },
        { "POST", "/v1/chat/completions", """{"model":"gpt-4o-mini",""", 400 },
        { "POST", "/v1/chat/completions", """{"model":"not-allowed","messages":[{"role":"user","content":"Hi"}]}""", 403 },
        { "GET", "/v1/models/no-such-model", null, 404 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnyV1Answer_KeyWithoutLimits_CarriesAllSixHeadersSayingUnlimited(string method, string path, string? body, int status)
    {
        var host = shared.Fresh();
        host.Upstream.Models = ["fake-model"];
        using var client = host.CreateClient(await host.CreateKeyAsync(models: ["gpt-4o-mini", "gpt-3.5-turbo-instruct", "davinci", "fake-model"]));

        using var response = await client.SendAsync(Request(method, path, body));

        Assert.Equal(status, (int)response.StatusCode);
        foreach (var name in HeaderNames)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{method} {path} ({status}) has no {name}");
            Assert.Equal(name.Contains("reset", StringComparison.Ordinal) ? "0s" : "2147483647", values.Single());
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnyV1Answer_KeyWithLimits_CarriesItsLimits(string method, string path, string? body, int status)
    {
        var host = shared.Fresh();
        host.Upstream.Models = ["fake-model"];
        using var client = host.CreateClient(await host.CreateKeyAsync(
            models: ["gpt-4o-mini", "gpt-3.5-turbo-instruct", "davinci", "fake-model"],
            limits: new { requestsPerMinute = 100, tokensPerMinute = 50_000 }));

        using var response = await client.SendAsync(Request(method, path, body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("100", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("50000", response.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        Assert.InRange(Remaining(response, "requests"), 99, 100);
        Assert.InRange(Remaining(response, "tokens"), 40_000, 50_000);
        Assert.Matches(@"^\d+(\.\d+)?(ms|s)$", response.Headers.GetValues("x-ratelimit-reset-requests").Single());
        Assert.Matches(@"^\d+(\.\d+)?(ms|s)$", response.Headers.GetValues("x-ratelimit-reset-tokens").Single());
    }

    [Fact]
    public async Task Models_AfterCompletions_ShowsWhatIsLeftWithoutTakingARequest()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { requestsPerMinute = 3 }));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);

        using var first = await client.GetAsync("/v1/models");
        using var second = await client.GetAsync("/v1/models");

        Assert.Equal(1, Remaining(first, "requests"));
        Assert.Equal(1, Remaining(second, "requests"));
        Assert.Equal("2147483647", second.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_HasNoKeyAndSoNoHeaders()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(key: null);

        using var response = await client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("x-ratelimit-limit-requests"));
    }

    private static int Remaining(HttpResponseMessage response, string kind) =>
        int.Parse(response.Headers.GetValues($"x-ratelimit-remaining-{kind}").Single(), CultureInfo.InvariantCulture);

    private static HttpRequestMessage Request(string method, string path, string? body) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };
}
