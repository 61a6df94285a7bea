using System.Net;
using System.Text;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>
/// Requests that are well formed but cannot be served: a model the key may not use (403), a model
/// no provider serves (404), a URL or method the API does not have (404), all in OpenAI's shape.
/// </summary>
public sealed class ModelAndUrlTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>
{
    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/completions", """{"model":"fake-model","prompt":"Once"}""")]
    [InlineData("/v1/engines/fake-model/completions", """{"prompt":"Once"}""")]
    public async Task Post_KeyLimitedToAnotherModel_Returns403NamingModel(string path, string body)
    {
        using var client = gateway.Host.CreateClient(await gateway.Host.CreateKeyAsync("limited", ["only-this-model"]));

        using var response = await ValidationGateway.PostRawAsync(client, path, body);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("model", error.Param);
        Assert.Equal("model_not_allowed", error.Code);
        Assert.Contains("fake-model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/chat/completions", """{"model":"FAKE-MODEL","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/completions", """{"model":"gpt-4o-mini","prompt":"Once"}""")]
    [InlineData("/v1/engines/gpt-4o-mini/completions", """{"prompt":"Once"}""")]
    [InlineData("/v1/engines/gpt-4o-mini/completions", """{"messages":[{"role":"user","content":"Hi"}]}""")]
    public async Task Post_ModelNoProviderServes_Returns404ModelNotFound(string path, string body)
    {
        using var client = gateway.CreateClient();

        using var response = await ValidationGateway.PostRawAsync(client, path, body);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("model", error.Param);
        Assert.Equal("model_not_found", error.Code);
    }

    [Theory]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("PUT", "/v1/chat/completions")]
    [InlineData("DELETE", "/v1/completions")]
    [InlineData("GET", "/v1/engines/fake-model/completions")]
    [InlineData("POST", "/v1/models")]
    [InlineData("POST", "/v1/chat/completion")]
    [InlineData("POST", "/v1/chat/completions/extra")]
    [InlineData("GET", "/v1/no-such-thing")]
    [InlineData("POST", "/v1/embeddings/unknown/path")]
    public async Task Request_UnknownUrlOrMethod_Returns404InOpenAIShape(string method, string path)
    {
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Contains($"{method} {path}", error.Message, StringComparison.Ordinal);
    }
}
