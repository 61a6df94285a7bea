using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>
/// What only a real socket shows: a body sent with <c>Transfer-Encoding: chunked</c>, and chunk
/// framing so broken that Kestrel itself gives up on the request.
/// </summary>
public sealed class WireLevelBadInputTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>
{
    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Returns413()
    {
        await using var server = StartKestrel(out var baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Key);
        using var content = new UnsizedContent(Encoding.UTF8.GetBytes(
            $$"""{"model":"fake-model","messages":[{"role":"user","content":"{{new string('a', 3 * ValidationGateway.MaxRequestBodyBytes)}}"}]}"""));

        using var response = await client.PostAsync("/v1/chat/completions", content);

        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.Code);
    }

    [Fact]
    public async Task Post_BrokenChunkFraming_Returns400InOpenAIShape()
    {
        await using var server = StartKestrel(out var baseAddress);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = tcp.GetStream();
        var request =
            "POST /v1/chat/completions HTTP/1.1\r\n" +
            $"Host: {baseAddress.Authority}\r\n" +
            $"Authorization: Bearer {gateway.Key}\r\n" +
            "Content-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "Connection: close\r\n" +
            "\r\n" +
            "5\r\n{\"mod\r\n" +
            "zz\r\nnot a chunk\r\n0\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        var body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    /// <summary>The shared gateway's configuration, served by Kestrel on a free loopback port.</summary>
    private WebApplicationFactory<Program> StartKestrel(out Uri baseAddress)
    {
        var server = gateway.Host.StartOnLoopback();
        baseAddress = server.ClientOptions.BaseAddress;

        // Not the server's default address, where a Warbler of the user's may be serving.
        Assert.NotEqual(5080, baseAddress.Port);
        return server;
    }
}
