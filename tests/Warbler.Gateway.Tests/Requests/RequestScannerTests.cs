using System.Text;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Tests.Requests;

/// <summary>
/// The scan of a <c>/v1</c> body on its own, without a server: what it reads, what it refuses (the
/// 400 a client gets, naming the parameter), and that it allocates nothing per property.
/// </summary>
public sealed class RequestScannerTests
{
    private const string Hello = """[{"role":"user","content":"Hi"}]""";

    [Fact]
    public void Scan_ChatBody_ReadsTheFieldsTheGatewayActsOn()
    {
        var fields = Scan($$$"""{"model":"gpt-4o","messages":{{{Hello}}},"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":64,"temperature":0.5,"x_custom":{"a":[1,2]}}""");

        Assert.Equal(new RequestFields("gpt-4o", Stream: true, IncludeUsage: true, HasStreamOptions: true, MaxTokens: 64, HasMessages: true, HasPrompt: false), fields);
    }

    [Fact]
    public void Scan_StreamOptionsNull_IsPresentWithoutUsage()
    {
        var fields = Scan($$"""{"model":"m","messages":{{Hello}},"stream_options":null}""");

        Assert.Equal((false, true, false), (fields.Stream, fields.HasStreamOptions, fields.IncludeUsage));
    }

    [Fact]
    public void Scan_EscapedParameterNames_AreReadAsTheirText()
    {
        var fields = Scan($$"""{"mod\u0065l":"gpt-4o","m\u0065ssages":{{Hello}},"max_tok\u0065ns":7}""");

        Assert.Equal(("gpt-4o", true, 7), (fields.Model, fields.HasMessages, fields.MaxTokens));
    }

    [Theory]
    [InlineData("""{"model":"a","model":"b","messages":[{"role":"user"}]}""", "model")]
    [InlineData("""{"model":"a","mod\u0065l":"b","messages":[{"role":"user"}]}""", "model")]
    [InlineData("""{"model":"a","messages":[{"role":"user"}],"x_extra":1,"x_extra":2}""", "x_extra")]
    [InlineData("""{"model":"a","messages":[{"role":"user"}],"":1,"":2}""", "")]
    [InlineData("""{"model":"a","messages":[{"role":"user"}],"café":1,"caf\u00e9":2}""", "café")]
    public void Scan_RepeatedParameter_Returns400NamingIt(string body, string name)
    {
        var error = Refused(body);

        Assert.Equal((name, "invalid_value", $"The parameter '{name}' appears more than once in the body."), (error.Param, error.Code, error.Message));
    }

    [Fact]
    public void Scan_ThousandsOfDistinctParameters_AreAllRelayed()
    {
        var body = new StringBuilder("""{"model":"m","messages":[{"role":"user"}]""");
        for (var i = 0; i < 5000; i++)
        {
            body.Append($",\"x_{i}\":{i}");
        }

        var fields = Scan($"{body}}}");
        var repeated = Refused($"{body},\"x_42\":0}}");

        Assert.Equal("m", fields.Model);
        Assert.Equal("x_42", repeated.Param);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"robot"}]}""", "messages[0].role", "Invalid value for 'messages[0].role': 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', 'function'.")]
    [InlineData("""{"model":"m","messages":[{"role":"user"},{"role":null}]}""", "messages[1].role", "Invalid value for 'messages[1].role': ''. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', 'function'.")]
    [InlineData("""{"model":"m","messages":[{"role":"user"},{"content":"Hi"}]}""", "messages[1].role", "Missing required parameter: 'messages[1].role': 'messages[1].role' is required.")]
    [InlineData("""{"model":"m","messages":[{"role":1}]}""", "messages[0].role", "Invalid type for 'messages[0].role': expected a string, but got a number instead.")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":5}]}""", "messages[0].content", "Invalid type for 'messages[0].content': expected a string or an array of content parts, but got a number instead.")]
    [InlineData("""{"model":"m","messages":[{"role":"user","name":{}}]}""", "messages[0].name", "Invalid type for 'messages[0].name': expected a string, but got an object instead.")]
    [InlineData("""{"model":"m","messages":["Hi"]}""", "messages[0]", "Invalid type for 'messages[0]': expected an object, but got a string instead.")]
    [InlineData("""{"model":"m","messages":[]}""", "messages", "'messages' must contain at least one message.")]
    public void Scan_BadMessage_Returns400NamingTheMessage(string body, string param, string message)
    {
        var error = Refused(body);

        Assert.Equal((param, message), (error.Param, error.Message));
    }

    [Fact]
    public void Scan_EscapedRole_IsReadAsItsText()
    {
        var fields = Scan("""{"model":"m","messages":[{"r\u006fle":"\u0075ser","name":null,"content":[{"type":"text","text":"Hi"}]}]}""");

        Assert.True(fields.HasMessages);
    }

    [Theory]
    [InlineData("temperature", "3", "decimal_above_max_value")]
    [InlineData("top_p", "-0.1", "decimal_below_min_value")]
    [InlineData("presence_penalty", "\"high\"", "invalid_type")]
    [InlineData("frequency_penalty", "2.5", "decimal_above_max_value")]
    [InlineData("max_tokens", "0", "integer_below_min_value")]
    [InlineData("max_completion_tokens", "1.5", "invalid_type")]
    [InlineData("n", "129", "integer_above_max_value")]
    [InlineData("seed", "true", "invalid_type")]
    [InlineData("top_logprobs", "21", "integer_above_max_value")]
    [InlineData("logprobs", "1", "invalid_type")]
    [InlineData("parallel_tool_calls", "\"yes\"", "invalid_type")]
    [InlineData("user", "42", "invalid_type")]
    [InlineData("response_format", "[]", "invalid_type")]
    [InlineData("tools", "{}", "invalid_type")]
    [InlineData("tool_choice", "1", "invalid_type")]
    [InlineData("stop", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "invalid_value")]
    [InlineData("stream", "\"true\"", "invalid_type")]
    public void Scan_ChatParameterOutOfRange_Returns400NamingIt(string parameter, string value, string code)
    {
        var error = Refused($$"""{"model":"m","messages":{{Hello}},"{{parameter}}":{{value}}""" + "}");

        Assert.Equal((parameter, code), (error.Param, error.Code));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user"}],"stream_options":{"include_usage":true}}""", "stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "model", "Missing required parameter: 'model': you must provide a model parameter.")]
    [InlineData("""{"model":"m"}""", "messages", "Missing required parameter: 'messages': 'messages' is required.")]
    [InlineData("""{"model":"","messages":[{"role":"user"}]}""", "model", "'model' must not be empty.")]
    [InlineData("""{"model":"m","prompt":"Hi"}""", "messages", "Missing required parameter: 'messages': 'messages' is required.")]
    public void Scan_ChatBodyMissingWhatItNeeds_Returns400(string body, string param, string message)
    {
        var error = Refused(body);

        Assert.Equal((param, message), (error.Param, error.Message));
    }

    [Fact]
    public void Scan_CompletionBody_TakesAPromptAndRelaysMessagesUnread()
    {
        var fields = Scan("""{"model":"m","prompt":["a","b"],"messages":42,"logprobs":5,"echo":true,"best_of":3,"suffix":"!"}""", RequestShape.Completion);
        var missing = Refused("""{"model":"m","messages":[{"role":"user"}]}""", RequestShape.Completion);
        var logprobs = Refused("""{"model":"m","prompt":"a","logprobs":true}""", RequestShape.Completion);

        Assert.Equal((true, false), (fields.HasPrompt, fields.HasMessages));
        Assert.Equal(("prompt", "missing_required_parameter"), (missing.Param, missing.Code));
        Assert.Equal(("logprobs", "invalid_type"), (logprobs.Param, logprobs.Code));
    }

    [Theory]
    [InlineData("""{"prompt":"a","logprobs":3}""", null)]
    [InlineData("""{"messages":[{"role":"user"}],"logprobs":true}""", null)]
    [InlineData("""{"prompt":"a","logprobs":6}""", "logprobs")]
    [InlineData("""{"prompt":null}""", "prompt")]
    [InlineData("""{"model":"m"}""", "prompt")]
    public void Scan_EngineBody_TakesAPromptOrMessagesWithTheirLogprobs(string body, string? refusedParam)
    {
        if (refusedParam is null)
        {
            Assert.Null(Scan(body, RequestShape.Engine).Model);
        }
        else
        {
            Assert.Equal(refusedParam, Refused(body, RequestShape.Engine).Param);
        }
    }

    [Theory]
    [InlineData("", "We could not parse the JSON body of your request: the body is empty. Send a JSON object.")]
    [InlineData("[1]", "The request body must be a JSON object.")]
    [InlineData("""{"model":"\ud800","messages":[{"role":"user"}]}""", "We could not parse the JSON body of your request: a string in the body is not valid Unicode (it holds a lone surrogate such as \\ud800).")]
    public void Scan_NotOneJsonObject_Returns400WithoutParam(string body, string message)
    {
        var error = Refused(body);

        Assert.Equal(((string?)null, message), (error.Param, error.Message));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]} {}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}],}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]""")]
    public void Scan_NotValidJson_Returns400InvalidJson(string body)
    {
        var error = Refused(body);

        Assert.Equal(((string?)null, "invalid_json"), (error.Param, error.Code));
        Assert.StartsWith("We could not parse the JSON body of your request: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_LargeBody_AllocatesNothingPerPropertyOrMessage()
    {
        var body = new StringBuilder("""{"model":"gpt-4o","stream":true,"temperature":1""");
        body.Append(",\"messages\":[");
        body.AppendJoin(',', Enumerable.Range(0, 200).Select(i => $$"""{"role":"user","name":"n{{i}}","content":"message {{i}}"}"""));
        body.Append(']');
        for (var i = 0; i < 1000; i++)
        {
            body.Append($",\"x_parameter_{i}\":{{\"v\":{i}}}");
        }

        var json = Encoding.UTF8.GetBytes(body.Append('}').ToString());
        RequestScanner.Scan(json, RequestShape.Chat);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var fields = RequestScanner.Scan(json, RequestShape.Chat);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("gpt-4o", fields.Model);
        Assert.True(allocated < 1024, $"Scanning 1,200 properties and 200 messages allocated {allocated} bytes; only the fields read should be.");
    }

    private static RequestFields Scan(string body, RequestShape shape = RequestShape.Chat) => RequestScanner.Scan(Encoding.UTF8.GetBytes(body), shape);

    private static OpenAIError Refused(string body, RequestShape shape = RequestShape.Chat)
    {
        var refusal = Assert.Throws<OpenAIErrorException>(() => Scan(body, shape));
        Assert.Equal(400, refusal.Error.StatusCode);
        return refusal.Error;
    }
}
