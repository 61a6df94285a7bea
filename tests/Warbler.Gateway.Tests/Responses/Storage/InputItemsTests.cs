using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary><c>GET /v1/responses/{id}/input_items</c>: OpenAI's list shape, order and paging.</summary>
public sealed class InputItemsTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task ListInputItems_Defaults_NewestFirstInOpenAIListShape()
    {
        var (client, id) = await StoreAsync(Messages("one", "two", "three"));

        using var list = await GetListAsync(client, $"/v1/responses/{id}/input_items");

        var root = list.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.Equal(["three", "two", "one"], Texts(root));
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var data = root.GetProperty("data");
        Assert.Equal(data[0].GetProperty("id").GetString(), root.GetProperty("first_id").GetString());
        Assert.Equal(data[2].GetProperty("id").GetString(), root.GetProperty("last_id").GetString());
        Assert.All(data.EnumerateArray(), item =>
        {
            Assert.StartsWith("msg_", item.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal("message", item.GetProperty("type").GetString());
            Assert.Equal("user", item.GetProperty("role").GetString());
            Assert.Equal("input_text", item.GetProperty("content")[0].GetProperty("type").GetString());
        });
    }

    [Fact]
    public async Task ListInputItems_LimitAndAfter_PageThroughEveryItemOnceInOrder()
    {
        var (client, id) = await StoreAsync(Messages("a", "b", "c", "d", "e"));
        var seen = new List<string>();
        string? after = null;
        var pages = 0;

        while (true)
        {
            using var page = await GetListAsync(client, $"/v1/responses/{id}/input_items?order=asc&limit=2{(after is null ? "" : $"&after={after}")}");
            pages++;
            seen.AddRange(Texts(page.RootElement));
            after = page.RootElement.GetProperty("last_id").GetString();
            if (!page.RootElement.GetProperty("has_more").GetBoolean())
            {
                break;
            }
        }

        Assert.Equal(["a", "b", "c", "d", "e"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListInputItems_ReadTwice_GivesTheSameIds()
    {
        var (client, id) = await StoreAsync(Messages("x", "y"));

        using var first = await GetListAsync(client, $"/v1/responses/{id}/input_items");
        using var second = await GetListAsync(client, $"/v1/responses/{id}/input_items");

        Assert.Equal(first.RootElement.GetProperty("data").GetRawText(), second.RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task ListInputItems_StringInput_IsOneUserMessage()
    {
        var (client, id) = await StoreAsync(JsonValue.Create("Just a string.")!);

        using var list = await GetListAsync(client, $"/v1/responses/{id}/input_items");

        var item = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("user", item.GetProperty("role").GetString());
        Assert.Equal("Just a string.", item.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ListInputItems_ItemsWithTheirOwnIdsAndTypes_AreListedAsSent()
    {
        var call = new JsonObject { ["type"] = "function_call_output", ["call_id"] = "call_1", ["output"] = "sunny" };
        var given = new JsonObject { ["id"] = "msg_given", ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "hi" }) };
        var (client, id) = await StoreAsync(new JsonArray(given, call));

        using var list = await GetListAsync(client, $"/v1/responses/{id}/input_items?order=asc");

        var data = list.RootElement.GetProperty("data");
        Assert.Equal("msg_given", data[0].GetProperty("id").GetString());
        Assert.Equal("function_call_output", data[1].GetProperty("type").GetString());
        Assert.Equal("call_1", data[1].GetProperty("call_id").GetString());
        Assert.StartsWith("fco_", data[1].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=newest", "order")]
    [InlineData("after=msg_not_in_this_response", "after")]
    public async Task ListInputItems_BadParameter_Returns400NamingIt(string query, string parameter)
    {
        var (client, id) = await StoreAsync(Messages("one"));

        using var response = await client.GetAsync($"/v1/responses/{id}/input_items?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal(parameter, error.Param);
        Assert.Equal("invalid_request_error", error.Type);
    }

    private static JsonArray Messages(params string[] texts) =>
        new([.. texts.Select(text => (JsonNode)new JsonObject { ["role"] = "user", ["content"] = text })]);

    private async Task<(HttpClient Client, string Id)> StoreAsync(JsonNode input)
    {
        var (key, keyId) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, input, "An answer.");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        return (_host.CreateClient(key), stored.Id);
    }

    private static async Task<JsonDocument> GetListAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static List<string> Texts(JsonElement list) =>
        [.. list.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("content")[0].GetProperty("text").GetString()!)];
}
