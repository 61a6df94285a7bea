namespace Warbler.Gateway.Tests.Validation;

/// <summary>
/// Bad bodies on the legacy <c>POST /v1/completions</c> and <c>POST /v1/engines/{model}/completions</c>:
/// a 400 in OpenAI's shape naming the parameter, and nothing sent upstream.
/// </summary>
public sealed class LegacyCompletionsBadInputTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>, IDisposable
{
    private const string EnginePath = "/v1/engines/fake-model/completions";

    private readonly HttpClient _client = gateway.CreateClient();

    [Theory]
    [InlineData("""{"model":"fake-model"}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":null}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":[]}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":42}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":true}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":{"text":"Once upon a time"}}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":["Once",true]}""", "prompt")]
    [InlineData("""{"model":"fake-model","prompt":[{"text":"Once"}]}""", "prompt")]
    [InlineData("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""", "prompt")]
    [InlineData("""{"prompt":"Once upon a time"}""", "model")]
    [InlineData("""{"model":7,"prompt":"Once upon a time"}""", "model")]
    [InlineData("""{"model":"fake-model","prompt":"Once","max_tokens":0}""", "max_tokens")]
    [InlineData("""{"model":"fake-model","prompt":"Once","temperature":3}""", "temperature")]
    [InlineData("""{"model":"fake-model","prompt":"Once","logprobs":6}""", "logprobs")]
    [InlineData("""{"model":"fake-model","prompt":"Once","best_of":0}""", "best_of")]
    [InlineData("""{"model":"fake-model","prompt":"Once","echo":"yes"}""", "echo")]
    [InlineData("""{"model":"fake-model","prompt":"Once","suffix":5}""", "suffix")]
    [InlineData("""{"model":"fake-model","prompt":"Once","prompt":"Twice"}""", "prompt")]
    public async Task Completions_PromptOrParameterMissingOrMalformed_Returns400NamingIt(string body, string param)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, "/v1/completions", body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"model":"fake-model","prompt":"Once""")]
    [InlineData("""["Once upon a time"]""")]
    [InlineData("""{"model":"fake-model","prompt":"Once"} and more""")]
    public async Task Completions_BodyNotOneJsonObject_Returns400WithoutParam(string body)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, "/v1/completions", body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{}""", "prompt")]
    [InlineData("""{"max_tokens":5}""", "prompt")]
    [InlineData("""{"prompt":null}""", "prompt")]
    [InlineData("""{"prompt":[]}""", "prompt")]
    [InlineData("""{"prompt":42}""", "prompt")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":"Hi"}""", "messages")]
    [InlineData("""{"messages":[{"role":"wizard","content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"prompt":"Once","model":5}""", "model")]
    [InlineData("""{"prompt":"Once","temperature":-1}""", "temperature")]
    [InlineData("""{"prompt":"Once","logprobs":6}""", "logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"logprobs":"yes"}""", "logprobs")]
    [InlineData("""{"prompt":"Once","prompt":"Twice"}""", "prompt")]
    [InlineData("""{"prompt":"Once","model":"fake-model","model":"other-model"}""", "model")]
    public async Task Engines_NeitherValidPromptNorMessages_Returns400NamingIt(string body, string param)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, EnginePath, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"prompt":""")]
    [InlineData("""[{"prompt":"Once"}]""")]
    [InlineData("""{"prompt":"Once"}}""")]
    public async Task Engines_BodyNotOneJsonObject_Returns400WithoutParam(string body)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, EnginePath, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"prompt":"Once","extra":"\ud800"}""")]
    [InlineData("""{"prompt":"Once \udfff"}""")]
    public async Task Engines_StringWithALoneSurrogate_Returns400NotA500(string body)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, EnginePath, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    [Theory]
    [InlineData("/v1/completions", """{"model":"\ud800","prompt":"Hi","max_tokens":5}""")]
    [InlineData("/v1/chat/completions", """{"model":"\udfff","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/chat/completions", """{"model":"fake-model","messages":[{"role":"\ud800","content":"Hi"}]}""")]
    public async Task AScannedFieldWithALoneSurrogate_Returns400NotA500(string path, string body)
    {
        using var response = await ValidationGateway.PostRawAsync(_client, path, body);

        await OpenAIErrorAssert.IsBadRequestAsync(response, param: null);
        Assert.Empty(gateway.Host.Upstream.Requests);
    }

    public void Dispose() => _client.Dispose();
}
