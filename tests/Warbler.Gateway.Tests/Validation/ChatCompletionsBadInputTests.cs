using System.Text;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>
/// Bad bodies on <c>POST /v1/chat/completions</c>: each gets a 400 in OpenAI's error shape that
/// names the parameter, never a 500, and none of them reaches the upstream (one gateway serves
/// the whole class, so its upstream must stay untouched).
/// </summary>
public sealed class ChatCompletionsBadInputTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>, IDisposable
{
    private const string Path = "/v1/chat/completions";

    private readonly HttpClient _client = gateway.CreateClient();

    [Theory]
    [InlineData("", "invalid_json")]
    [InlineData("   \n ", "invalid_json")]
    [InlineData("""{"model": "fake-model", messages: []}""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],}""", "invalid_json")]
    [InlineData("""{'model':'fake-model'}""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]} trailing""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}{"model":"fake-model"}""", "invalid_json")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}]""", "invalid_json")]
    [InlineData("""[{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}]""", null)]
    [InlineData("\"model=fake-model\"", null)]
    [InlineData("42", null)]
    [InlineData("null", null)]
    [InlineData("true", null)]
    public async Task Post_BodyNotOneJsonObject_Returns400WithoutParam(string body, string? code)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        var error = await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Equal(code, error.Code);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_BodyNotValidUtf8_Returns400InvalidJson()
    {
        byte[] body = [.. """{"model":"fake-model","messages":[{"role":"user","content":"caf"""u8, 0xC3, 0x28, 0xFF, .. "\"}]}"u8];

        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        var error = await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Equal("invalid_json", error.Code);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"a":""", "}")]
    [InlineData("[", "]")]
    public async Task Post_Json200LevelsDeep_Returns400InvalidJson(string open, string close)
    {
        var nested = $"{string.Concat(Enumerable.Repeat(open, 200))}1{string.Concat(Enumerable.Repeat(close, 200))}";
        var body = $$"""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"x_nested":{{nested}}}""";

        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        var error = await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Equal("invalid_json", error.Code);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_MessageContent200LevelsDeep_Returns400InvalidJson()
    {
        var nested = $"{new string('[', 200)}\"Hi\"{new string(']', 200)}";
        var body = $$"""{"model":"fake-model","messages":[{"role":"user","content":{{nested}}}]}""";

        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        var error = await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Equal("invalid_json", error.Code);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("\"temperature\":3", "temperature")]
    [InlineData("\"temperature\":-1", "temperature")]
    [InlineData("\"temperature\":2.0001", "temperature")]
    [InlineData("\"temperature\":1e999", "temperature")]
    [InlineData("\"temperature\":-1e999", "temperature")]
    [InlineData("\"temperature\":\"0.5\"", "temperature")]
    [InlineData("\"temperature\":true", "temperature")]
    [InlineData("\"top_p\":1.5", "top_p")]
    [InlineData("\"top_p\":-0.1", "top_p")]
    [InlineData("\"top_p\":[1]", "top_p")]
    [InlineData("\"frequency_penalty\":2.5", "frequency_penalty")]
    [InlineData("\"frequency_penalty\":-3", "frequency_penalty")]
    [InlineData("\"presence_penalty\":2.1", "presence_penalty")]
    [InlineData("\"presence_penalty\":-2.5", "presence_penalty")]
    [InlineData("\"presence_penalty\":\"high\"", "presence_penalty")]
    [InlineData("\"max_tokens\":0", "max_tokens")]
    [InlineData("\"max_tokens\":-5", "max_tokens")]
    [InlineData("\"max_tokens\":1.5", "max_tokens")]
    [InlineData("\"max_tokens\":99999999999999999999", "max_tokens")]
    [InlineData("\"max_tokens\":3000000000", "max_tokens")]
    [InlineData("\"max_tokens\":\"100\"", "max_tokens")]
    [InlineData("\"max_completion_tokens\":0", "max_completion_tokens")]
    [InlineData("\"max_completion_tokens\":-5", "max_completion_tokens")]
    [InlineData("\"max_completion_tokens\":1.5", "max_completion_tokens")]
    [InlineData("\"n\":0", "n")]
    [InlineData("\"n\":-1", "n")]
    [InlineData("\"n\":1.5", "n")]
    [InlineData("\"n\":129", "n")]
    [InlineData("\"seed\":1.5", "seed")]
    [InlineData("\"seed\":\"7\"", "seed")]
    [InlineData("\"top_logprobs\":21", "top_logprobs")]
    [InlineData("\"logprobs\":1", "logprobs")]
    [InlineData("\"stream\":\"yes\"", "stream")]
    [InlineData("\"stream\":1", "stream")]
    [InlineData("\"stream\":false,\"stream_options\":{\"include_usage\":true}", "stream_options")]
    [InlineData("\"stream_options\":{\"include_usage\":true}", "stream_options")]
    [InlineData("\"stream\":true,\"stream_options\":true", "stream_options")]
    [InlineData("\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}", "stream_options.include_usage")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop")]
    [InlineData("\"stop\":5", "stop")]
    [InlineData("\"stop\":[\"a\",1]", "stop")]
    [InlineData("\"stop\":{\"a\":1}", "stop")]
    [InlineData("\"tools\":{\"type\":\"function\"}", "tools")]
    [InlineData("\"tools\":\"lookup\"", "tools")]
    [InlineData("\"functions\":{}", "functions")]
    [InlineData("\"tool_choice\":5", "tool_choice")]
    [InlineData("\"logit_bias\":[50256]", "logit_bias")]
    [InlineData("\"logit_bias\":\"none\"", "logit_bias")]
    [InlineData("\"response_format\":\"json\"", "response_format")]
    [InlineData("\"metadata\":[]", "metadata")]
    [InlineData("\"user\":42", "user")]
    [InlineData("\"user\":{\"id\":42}", "user")]
    [InlineData("\"parallel_tool_calls\":\"true\"", "parallel_tool_calls")]
    [InlineData("\"store\":0", "store")]
    public async Task Post_ParameterOutOfRangeOrOfWrongType_Returns400NamingIt(string parameter, string param)
    {
        var body = $$"""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],{{parameter}}}""";

        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"model":"fake-model"}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":null}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":{"role":"user","content":"Hi"}}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":"Hi"}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":["Hi"]}""", "messages[0]")]
    [InlineData("""{"model":"fake-model","messages":[null]}""", "messages[0]")]
    [InlineData("""{"model":"fake-model","messages":[[{"role":"user","content":"Hi"}]]}""", "messages[0]")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"},42]}""", "messages[1]")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"wizard","content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"","content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"User","content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"},{"content":"Hi"}]}""", "messages[1].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":7,"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":null,"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":["user"],"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":true}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":{"text":"Hi"}}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi","name":5}]}""", "messages[0].name")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{}""", "model")]
    [InlineData("""{"model":null,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":42,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":["fake-model"],"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":{"name":"fake-model"},"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"Hi"}]}""", "model")]
    public async Task Post_ModelOrMessagesMissingOrMalformed_Returns400NamingIt(string body, string param)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"model":"only-this-model","messages":[{"role":"user","content":"Hi"}],"model":"fake-model"}""", "model")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"messages":[{"role":"user","content":"Hi"}]}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"stream":false,"stream":true}""", "stream")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"x_custom":1,"x_custom":2}""", "x_custom")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"mod\u0065l":"fake-model"}""", "model")]
    public async Task Post_ParameterGivenTwice_Returns400NamingIt(string body, string param)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_SeveralBadFields_NamesTheFirstInBodyOrder()
    {
        // Checks run in the order of the body, so the first bad field is the one reported.
        const string body = """{"temperature":5,"model":42,"messages":[]}""";

        using var response = await ValidationGateway.PostRawAsync(_client, Path, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, "temperature");
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_NoContentTypeHeader_StillValidatesBody()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"model":"fake-model","messages":[]}"""));

        using var response = await _client.PostAsync(Path, content);

        await OpenAIErrorAssert.IsBadRequestAsync(response, "messages");
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    public void Dispose() => _client.Dispose();
}
