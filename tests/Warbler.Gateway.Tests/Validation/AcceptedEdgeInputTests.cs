using System.Net;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>The other side of validation: values at the edges of what OpenAI allows are relayed, not refused.</summary>
public sealed class AcceptedEdgeInputTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>, IDisposable
{
    private readonly HttpClient _client = gateway.CreateClient();

    [Theory]
    [InlineData("\"temperature\":0,\"top_p\":0")]
    [InlineData("\"temperature\":2,\"top_p\":1")]
    [InlineData("\"frequency_penalty\":-2,\"presence_penalty\":2")]
    [InlineData("\"max_tokens\":1,\"max_completion_tokens\":2147483647,\"n\":1")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\"]")]
    [InlineData("\"stop\":\"\\n\"")]
    [InlineData("\"temperature\":null,\"max_tokens\":null,\"stop\":null,\"user\":null,\"tools\":null,\"stream_options\":null")]
    [InlineData("\"x_vendor_extension\":{\"deep\":[1,{\"a\":null}]}")]
    public async Task ChatCompletions_ParameterAtItsLimits_IsRelayed(string parameter)
    {
        var body = $$"""{"model":"fake-model","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":null}],{{parameter}}}""";

        using var response = await ValidationGateway.PostRawAsync(_client, "/v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, gateway.Host.Upstream.Requests[^1].Body);
    }

    [Theory]
    [InlineData("""{"prompt":"Once upon a time","logprobs":5,"echo":true,"best_of":2}""")]
    [InlineData("""{"prompt":["Once upon a time"],"logprobs":0}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"logprobs":true,"top_logprobs":2}""")]
    public async Task Engines_LegacyParameters_AreRelayed(string body)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, "/v1/engines/fake-model/completions", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose() => _client.Dispose();
}
