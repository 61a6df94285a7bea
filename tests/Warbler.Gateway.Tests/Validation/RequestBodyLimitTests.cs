using System.Globalization;
using System.Net;
using System.Text;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>A body over <c>Gateway:MaxRequestBodyBytes</c> gets 413 in OpenAI's shape, whether or not its length is announced.</summary>
public sealed class RequestBodyLimitTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>, IDisposable
{
    private readonly HttpClient _client = gateway.CreateClient();

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/engines/fake-model/completions")]
    public async Task Post_BodyOverLimitWithContentLength_Returns413(string path)
    {
        using var content = new ByteArrayContent(BodyOf(ValidationGateway.MaxRequestBodyBytes + 1));
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync(path, content);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.Code);
        Assert.Contains(ValidationGateway.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/engines/fake-model/completions")]
    public async Task Post_BodyOverLimitChunkedWithoutContentLength_Returns413(string path)
    {
        using var content = new UnsizedContent(BodyOf(ValidationGateway.MaxRequestBodyBytes * 4));
        Assert.Null(content.Headers.ContentLength);

        using var response = await _client.PostAsync(path, content);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.Code);
    }

    [Fact]
    public async Task Post_BodyExactlyAtLimit_IsAccepted()
    {
        using var withLength = new ByteArrayContent(BodyOf(ValidationGateway.MaxRequestBodyBytes));
        withLength.Headers.ContentType = new("application/json");
        using var chunked = new UnsizedContent(BodyOf(ValidationGateway.MaxRequestBodyBytes));

        using var first = await _client.PostAsync("/v1/chat/completions", withLength);
        using var second = await _client.PostAsync("/v1/chat/completions", chunked);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A valid chat (and completion) body of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] BodyOf(int size)
    {
        const string start = """{"model":"fake-model","prompt":"p","messages":[{"role":"user","content":" """;
        const string end = "\"}]}";
        var body = Encoding.UTF8.GetBytes(start + new string('a', size - start.Length - end.Length) + end);
        Assert.Equal(size, body.Length);
        return body;
    }
}
