using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary><c>POST /v1/responses</c> on the wire: the events a translated stream sends, what is refused, and what is relayed as it is.</summary>
public sealed class ResponsesRouteTests(ResponsesHosts hosts) : IClassFixture<ResponsesHosts>
{
    [Fact]
    public async Task Stream_TranslatedText_SendsOpenAIsEventsInOrderWithSequenceNumbers()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.Answer("one two three") with { Chunks = 3, PromptTokens = 4, CompletionTokens = 3 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-events", input = "Count to three.", stream = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
            ],
            stream.Names);
        Assert.Equal(Enumerable.Range(0, 11), stream.Events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        var itemId = stream.Last("response.output_item.added").GetProperty("item").GetProperty("id").GetString();
        Assert.StartsWith("msg_", itemId, StringComparison.Ordinal);
        Assert.All(stream.Events.Where(e => e.Data.TryGetProperty("item_id", out _)), e => Assert.Equal((itemId, 0), (e.Data.GetProperty("item_id").GetString(), e.Data.GetProperty("output_index").GetInt32())));
        Assert.Equal("one two three", stream.Last("response.output_text.done").GetProperty("text").GetString());
        var completed = stream.Last("response.completed").GetProperty("response");
        Assert.Equal(stream.Last("response.created").GetProperty("response").GetProperty("id").GetString(), completed.GetProperty("id").GetString());
        Assert.Equal(("completed", "one two three"), (completed.GetProperty("status").GetString(), completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString()));
        Assert.Equal((4, 3, 7), (completed.GetProperty("usage").GetProperty("input_tokens").GetInt32(), completed.GetProperty("usage").GetProperty("output_tokens").GetInt32(), completed.GetProperty("usage").GetProperty("total_tokens").GetInt32()));

        // Warbler asked the chat upstream for its usage chunk; the client sees usage only in response.completed.
        using var sent = JsonDocument.Parse(Assert.Single(host.Upstream.Requests).Body);
        Assert.True(sent.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Stream_TranslatedToolCall_SendsFunctionCallItemWithArgumentDeltas()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.CallTool("lookup", """{"q":"warbler"}""") with { Chunks = 2 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new
        {
            model = "gpt-4.1-events",
            input = "Look it up.",
            stream = true,
            tools = new[] { new { type = "function", name = "lookup", parameters = new { type = "object", properties = new { q = new { type = "string" } } } } },
        });

        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            [
                "response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed",
            ],
            stream.Names);
        var added = stream.Last("response.output_item.added").GetProperty("item");
        Assert.Equal(("function_call", UpstreamScript.ToolCallId, "lookup"), (added.GetProperty("type").GetString(), added.GetProperty("call_id").GetString(), added.GetProperty("name").GetString()));
        Assert.Equal("""{"q":"warbler"}""", stream.Last("response.function_call_arguments.done").GetProperty("arguments").GetString());
        var item = stream.Last("response.completed").GetProperty("response").GetProperty("output")[0];
        Assert.Equal(("completed", """{"q":"warbler"}"""), (item.GetProperty("status").GetString(), item.GetProperty("arguments").GetString()));
    }

    [Theory]
    [InlineData("""{"model":"m","input":"Hi","tools":[{"type":"web_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"m","input":"Hi","tools":[{"type":"function","name":"f"},{"type":"file_search","vector_store_ids":["vs_1"]}]}""", "tools[1].type")]
    [InlineData("""{"model":"m","input":"Hi","tools":[{"type":"code_interpreter","container":{"type":"auto"}}]}""", "tools[0].type")]
    [InlineData("""{"model":"m","input":"Hi","background":true}""", "background")]
    [InlineData("""{"model":"m","input":"Hi","truncation":"auto"}""", "truncation")]
    [InlineData("""{"model":"m","input":"Hi","conversation":"conv_123"}""", "conversation")]
    [InlineData("""{"model":"m","input":"Hi","prompt":{"id":"pmpt_1"}}""", "prompt")]
    [InlineData("""{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""", "input[0].type")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"file_1"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"model":"m","input":[{"role":"robot","content":"Hi"}]}""", "input[0].role")]
    [InlineData("""{"model":"m","input":"Hi","tool_choice":{"type":"web_search_preview"}}""", "tool_choice")]
    [InlineData("""{"model":"m","input":"Hi","text":{"format":{"type":"xml"}}}""", "text.format.type")]
    [InlineData("""{"model":"m"}""", "input")]
    public async Task Post_TranslatedParameterChatCannotHonour_Is400NamingItAndNeverSent(string body, string param)
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal(("invalid_request_error", param), (error.Type, error.Param));
        Assert.Empty(host.Upstream.Requests);
    }

    [Theory]
    [InlineData("""{"model":"m","input":42}""", "input")]
    [InlineData("""{"model":"m","input":["Hi"]}""", "input[0]")]
    [InlineData("""{"model":"m","input":"Hi","max_output_tokens":0}""", "max_output_tokens")]
    [InlineData("""{"model":"m","input":"Hi","temperature":3}""", "temperature")]
    [InlineData("""{"model":"m","input":"Hi","tools":{}}""", "tools")]
    [InlineData("""{"input":"Hi"}""", "model")]
    public async Task Post_MalformedParameter_Is400NamingItOnEveryRoute(string body, string param)
    {
        foreach (var route in (ResponsesRoute[])[ResponsesRoute.Translated, ResponsesRoute.Relayed])
        {
            var host = hosts.Fresh(route);
            using var client = host.CreateClient(await host.CreateKeyAsync());

            using var response = await client.PostAsync("/v1/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(param, (await OpenAIErrorBody.ReadAsync(response)).Param);
            Assert.Empty(host.Upstream.Requests);
        }
    }

    [Fact]
    public async Task Post_Relayed_BodyAndAnswerPassUnchanged()
    {
        var host = hosts.Fresh(ResponsesRoute.Relayed);
        host.Upstream.Enqueue(UpstreamScript.Answer("Native answer."));
        using var client = host.CreateClient(await host.CreateKeyAsync());
        const string body = """{"model":"gpt-4.1-native","input":"Hi","tools":[{"type":"web_search"}],"store":true}""";

        using var response = await client.PostAsync("/v1/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(host.Upstream.Requests);
        Assert.Equal(("/v1/responses", body), (sent.Path, sent.Body));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("resp_fake_native", answer.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Native answer.", answer.RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Stream_Relayed_EventsPassUnchanged()
    {
        var host = hosts.Fresh(ResponsesRoute.Relayed);
        host.Upstream.Enqueue(UpstreamScript.Answer("abc") with { Chunks = 3 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-native", input = "Hi", stream = true });
        var text = await response.Content.ReadAsStringAsync();

        var stream = ResponsesEventStream.Parse(text);
        Assert.StartsWith("resp_fake_native", stream.Last("response.completed").GetProperty("response").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, stream.Names.Count(n => n == "response.output_text.delta"));
        Assert.DoesNotContain("stream_options", Assert.Single(host.Upstream.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TranslatedUpstreamReportsNoUsage_ResponseCarriesWarblersEstimate()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.Answer() with
        {
            RawBody = """{"id":"c","object":"chat.completion","created":1,"model":"gpt-4.1-nousage","choices":[{"index":0,"message":{"role":"assistant","content":"An answer without usage."},"finish_reason":"stop"}]}""",
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-nousage", input = "Answer without usage." });

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("An answer without usage.", answer.RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        var usage = answer.RootElement.GetProperty("usage");
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "gpt-4.1-nousage", 1));
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0);
        Assert.Equal((record.PromptTokens, record.CompletionTokens), (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32()));
    }

    [Fact]
    public async Task Stream_TranslatedUpstreamBreaksOff_EndsWithAnErrorEventAndIsBilledAsEstimated()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.Answer("one two three four five six") with { Chunks = 6, DropAfterChunks = 2 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1-broken", input = "Count.", stream = true });

        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", stream.Names.Last());
        Assert.DoesNotContain("response.completed", stream.Names);
        Assert.Contains("broke off the stream", stream.Last("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "gpt-4.1-broken", 1));
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0);
    }
}
