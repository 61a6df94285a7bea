// The library marks its Responses client as evaluation-only; its users switch the warning off the same way.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Responses;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>
/// <c>/v1/responses</c> with its store: what a client is answered is kept for its key (unless
/// <c>store</c> is false), read back as it was, continued with <c>previous_response_id</c>, and
/// invisible to every other key; translated and relayed alike.
/// </summary>
public sealed class StoredConversationTests(ResponsesHosts hosts) : IClassFixture<ResponsesHosts>
{
    private const string Model = "gpt-4.1-memory";

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task CreateResponse_PreviousResponseId_ContinuesTheConversation(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Hello, Ada."), UpstreamScript.Answer("Your name is Ada."));
        var client = ResponsesClientTests.CreateClient(host, await host.CreateKeyAsync());

        ResponseResult first = await client.CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("My name is Ada.")]) { Instructions = "Answer in one line." });
        ResponseResult second = await client.CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id });

        Assert.Equal("Your name is Ada.", second.GetOutputText());
        var sent = JsonDocument.Parse(host.Upstream.Requests[^1].Body).RootElement;
        if (route == ResponsesRoute.Translated)
        {
            // The whole conversation, from Warbler's store; the first turn's instructions are not carried over, as OpenAI's are not.
            Assert.Equal(second.PreviousResponseId, first.Id);
            Assert.Equal(
                ["user: My name is Ada.", "assistant: Hello, Ada.", "user: What is my name?"],
                sent.GetProperty("messages").EnumerateArray().Select(ChatLine));
        }
        else
        {
            // The upstream keeps its own conversation: the request goes as the client wrote it.
            Assert.Equal(first.Id, sent.GetProperty("previous_response_id").GetString());
            Assert.Equal(1, sent.GetProperty("input").GetArrayLength());
        }
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task CreateResponse_PreviousResponseIdOfAnotherKey_Is404AndNothingIsSent(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Only for the owner."));
        var owner = ResponsesClientTests.CreateClient(host, await host.CreateKeyAsync());
        ResponseResult first = await owner.CreateResponseAsync(Model, "A secret.");
        using var other = host.CreateClient(await host.CreateKeyAsync());

        using var continued = await other.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "Go on.", ["previous_response_id"] = first.Id }));
        using var read = await other.GetAsync($"/v1/responses/{first.Id}");

        Assert.Equal(HttpStatusCode.NotFound, continued.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(continued);
        Assert.Equal(
            ($"Previous response with id '{first.Id}' not found.", "invalid_request_error", "previous_response_id", "previous_response_not_found"),
            (error.Message, error.Type, error.Param, error.Code));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Single(host.Upstream.Requests);
        Assert.Equal("Only for the owner.", (await owner.GetResponseAsync(first.Id)).Value.GetOutputText());
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task CreateResponse_StoreFalse_IsNotRetrievableNorContinued(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Forget me."));
        var key = await host.CreateKeyAsync();
        var client = ResponsesClientTests.CreateClient(host, key);

        ResponseResult response = await client.CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Do not keep this.")]) { StoredOutputEnabled = false });

        Assert.Equal("Forget me.", response.GetOutputText());
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(response.Id));
        Assert.Equal(404, error.Status);
        using var http = host.CreateClient(key);
        using var continued = await http.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "And?", ["previous_response_id"] = response.Id }));
        Assert.Equal(HttpStatusCode.NotFound, continued.StatusCode);
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task GetResponse_AfterAWholeAnswer_ReturnsExactlyWhatTheClientReceived(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Kept as sent: ünïcødé and \"quotes\".") with { PromptTokens = 9, CompletionTokens = 4 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var created = await client.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "Keep this.", ["instructions"] = "Be exact." }));
        var received = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(received).RootElement.GetProperty("id").GetString();
        using var read = await client.GetAsync($"/v1/responses/{id}");
        using var items = await client.GetAsync($"/v1/responses/{id}/input_items");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(received, await read.Content.ReadAsStringAsync());
        var item = Assert.Single(JsonDocument.Parse(await items.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(("user", "Keep this."), (item.GetProperty("role").GetString(), item.GetProperty("content")[0].GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task GetResponse_AfterAStream_ReturnsTheObjectOfResponseCompleted(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Streamed, then kept.") with { Chunks = 4, PromptTokens = 7, CompletionTokens = 5 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var created = await client.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "Stream and keep.", ["stream"] = true }));
        var completed = ResponsesEventStream.Parse(await created.Content.ReadAsStringAsync()).Last("response.completed").GetProperty("response");
        using var read = await client.GetAsync($"/v1/responses/{completed.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = JsonNode.Parse(await read.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(completed.GetRawText()), stored), $"{completed.GetRawText()}\n!=\n{stored?.ToJsonString()}");
        Assert.Equal(("completed", 5), (stored!["status"]!.GetValue<string>(), stored["usage"]!["output_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task DeleteResponse_Stored_IsGoneForGetAndForPreviousResponseId()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.Answer("Soon gone."));
        var key = await host.CreateKeyAsync();
        var client = ResponsesClientTests.CreateClient(host, key);
        ResponseResult response = await client.CreateResponseAsync(Model, "Delete me afterwards.");

        ResponseDeletionResult deleted = await client.DeleteResponseAsync(response.Id);

        Assert.True(deleted.Deleted);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(response.Id));
        Assert.Equal(404, error.Status);
        using var http = host.CreateClient(key);
        using var continued = await http.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "Still there?", ["previous_response_id"] = response.Id }));
        Assert.Equal(HttpStatusCode.NotFound, continued.StatusCode);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task GetResponse_AfterATranslatedStreamBrokeOff_IsKeptAsFailed()
    {
        var host = hosts.Fresh(ResponsesRoute.Translated);
        host.Upstream.Enqueue(UpstreamScript.Answer("This answer never ends.") with { Chunks = 5, DropAfterChunks = 2 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var created = await client.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = Model, ["input"] = "Break off.", ["stream"] = true }));
        var events = ResponsesEventStream.Parse(await created.Content.ReadAsStringAsync());
        var id = events.Last("response.created").GetProperty("response").GetProperty("id").GetString();
        using var read = await client.GetAsync($"/v1/responses/{id}");

        Assert.Equal("error", events.Names.Last());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", stored.GetProperty("status").GetString());
        Assert.Equal("server_error", stored.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CreateResponse_PreviousResponseIdWhenTheRelayingProviderTurnsOutToTranslate_SendsTheStoredConversation()
    {
        // Azure in Auto mode relays until its resource answers 404 on /responses, then is translated for.
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Kind"] = "Azure";
            s["Providers:primary:BaseUrl"] = s["Providers:primary:BaseUrl"]![..^"/v1".Length];
            s["Providers:primary:ApiKey"] = "azure-secret";
        });
        host.Upstream.Enqueue(UpstreamScript.Answer("Hello, Ada."));
        var client = ResponsesClientTests.CreateClient(host, await host.CreateKeyAsync());
        ResponseResult first = await client.CreateResponseAsync(Model, "My name is Ada.");
        host.Upstream.SupportsResponses = false;
        host.Upstream.Default = UpstreamScript.Answer("Your name is Ada.");

        ResponseResult second = await client.CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id });

        Assert.Equal("Your name is Ada.", second.GetOutputText());
        Assert.EndsWith("/responses", host.Upstream.Requests[0].Path, StringComparison.Ordinal);
        Assert.EndsWith("/chat/completions", host.Upstream.Requests[^1].Path, StringComparison.Ordinal);
        Assert.Equal(
            ["user: My name is Ada.", "assistant: Hello, Ada.", "user: What is my name?"],
            JsonDocument.Parse(host.Upstream.Requests[^1].Body).RootElement.GetProperty("messages").EnumerateArray().Select(ChatLine));
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A chat message as <c>role: text</c>, its content a string or text parts.</summary>
    private static string ChatLine(JsonElement message)
    {
        var content = message.GetProperty("content");
        var text = content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
        return $"{message.GetProperty("role").GetString()}: {text}";
    }
}
