using System.Net;
using Warbler.Gateway.Tests.Validation;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>
/// What a refused credential is told, word for word: on <c>/v1</c> in OpenAI's error shape, on
/// <c>/api/admin</c> as ProblemDetails, neither with a <c>WWW-Authenticate</c> challenge.
/// </summary>
public sealed class KeyRefusalTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>
{
    private const string NoKey = "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or in the 'api-key' header).";
    private const string OpenAIKey = "sk-an-openai-key-sent-by-mistake";
    private const string UnknownKey = "wk-not-a-key-at-all-0123456789";

    [Theory]
    [InlineData(null, NoKey)]
    [InlineData(OpenAIKey,
        "Incorrect API key provided: sk-a****take. This is not a Warbler gateway key: /v1 takes a gateway key (wk-...), made by an admin with POST /api/admin/keys. " +
        "A user's access token or cookie (from POST /api/auth/login) is for /api and /chat, not /v1.")]
    [InlineData(UnknownKey, "Incorrect API key provided: wk-n****6789. The key is unknown or has been revoked.")]
    public async Task V1_RefusedCredential_Returns401SayingWhatIsWrong(string? key, string message)
    {
        using var client = gateway.Host.CreateClient(key);

        using var response = await client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(new OpenAIErrorBody(message, "invalid_request_error", null, "invalid_api_key"), await OpenAIErrorBody.ReadAsync(response));
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.False(response.Headers.Contains("x-ratelimit-limit-requests"));
    }

    [Theory]
    [InlineData("/api/admin/keys", null, NoKey)]
    [InlineData("/api/admin/keys", OpenAIKey,
        "This endpoint needs the admin key, or a signed-in user with the admin role; the credential sent is neither a Warbler key nor a valid sign-in.")]
    [InlineData("/api/admin/keys", UnknownKey, "Incorrect API key provided: wk-n****6789. The key is unknown or has been revoked.")]
    [InlineData("/api/admin/users", null, NoKey)]
    [InlineData("/api/admin/users", OpenAIKey, "This endpoint needs the admin key; the credential sent is not a Warbler key.")]
    public async Task AdminApi_RefusedCredential_Returns401ProblemDetailsSayingWhatItTakes(string path, string? key, string detail)
    {
        using var client = gateway.Host.CreateClient(key);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(("Unauthorized", detail), (problem.Title, problem.Detail));
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("/api/admin/keys", "This endpoint needs an admin: a user with the admin role, or the admin key.")]
    [InlineData("/api/admin/users", "This endpoint needs the admin key.")]
    public async Task AdminApi_GatewayKeyThatIsNotTheAdmins_Returns403ProblemDetails(string path, string detail)
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(("Forbidden", detail), (problem.Title, problem.Detail));
    }
}
