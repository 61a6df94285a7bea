using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary><c>GET</c> and <c>DELETE /v1/responses/{id}</c>: a stored response is its key's alone.</summary>
public sealed class StoredResponsesRoutesTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task GetResponse_OwnKey_ReturnsTheObjectExactlyAsReturned()
    {
        var (key, keyId) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, "Hello?", "Hello! ünïcødé and \"quotes\".");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        using var client = _host.CreateClient(key);

        using var response = await client.GetAsync($"/v1/responses/{stored.Id}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stored.ResponseJson, body);
    }

    [Fact]
    public async Task SaveAsync_NewResponse_IsFoundAtOnceAndThenWrittenToTheDatabase()
    {
        var (key, keyId) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, "Quick?", "Found before it is written.");
        using var client = _host.CreateClient(key);

        await _host.Store().SaveAsync(stored, CancellationToken.None);
        using var atOnce = await client.GetAsync($"/v1/responses/{stored.Id}");

        Assert.Equal(HttpStatusCode.OK, atOnce.StatusCode);
        await _host.WrittenAsync(stored.Id);
        using var fromDatabase = await client.GetAsync($"/v1/responses/{stored.Id}");
        Assert.Equal(stored.ResponseJson, await fromDatabase.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/input_items")]
    [InlineData("DELETE", "")]
    public async Task StoredResponse_AnotherKey_Gets404AndTheOwnerStillHasIt(string method, string path)
    {
        var (owner, ownerId) = await _host.NewKeyAsync();
        var (other, _) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(ownerId, "Secret?", "Only for my key.");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        using var otherClient = _host.CreateClient(other);
        using var ownerClient = _host.CreateClient(owner);

        using var response = await otherClient.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v1/responses/{stored.Id}{path}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal($"Response with id '{stored.Id}' not found.", error.Message);
        Assert.Equal("invalid_request_error", error.Type);
        using var owned = await ownerClient.GetAsync($"/v1/responses/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
    }

    [Fact]
    public async Task StoredResponse_AnotherKeyAfterItIsWritten_Gets404()
    {
        var (_, ownerId) = await _host.NewKeyAsync();
        var (other, _) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(ownerId, "Secret?", "Only for my key.");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        await _host.WrittenAsync(stored.Id);
        using var otherClient = _host.CreateClient(other);

        using var response = await otherClient.GetAsync($"/v1/responses/{stored.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetResponse_UnknownId_Returns404InOpenAIShape()
    {
        var (key, _) = await _host.NewKeyAsync();
        using var client = _host.CreateClient(key);

        using var response = await client.GetAsync("/v1/responses/resp_nothing_here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Response with id 'resp_nothing_here' not found.", (await OpenAIErrorBody.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task GetResponse_WithoutKey_Returns401()
    {
        using var client = _host.CreateClient(key: null);

        using var response = await client.GetAsync("/v1/responses/resp_anything");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_request_error", (await OpenAIErrorBody.ReadAsync(response)).Type);
    }

    [Fact]
    public async Task GetResponse_AsAStream_Returns400NamingStream()
    {
        var (key, keyId) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, "Hi", "Hello");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        using var client = _host.CreateClient(key);

        using var response = await client.GetAsync($"/v1/responses/{stored.Id}?stream=true");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("stream", (await OpenAIErrorBody.ReadAsync(response)).Param);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleteResponse_OwnKey_AnswersDeletedThenItIsGoneEverywhere(bool written)
    {
        var (key, keyId) = await _host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, "Forget me?", "Gone soon.");
        await _host.Store().SaveAsync(stored, CancellationToken.None);
        if (written)
        {
            await _host.WrittenAsync(stored.Id);
        }

        using var client = _host.CreateClient(key);

        using var deleted = await client.DeleteAsync($"/v1/responses/{stored.Id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using (var body = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()))
        {
            Assert.Equal(stored.Id, body.RootElement.GetProperty("id").GetString());
            Assert.Equal("response", body.RootElement.GetProperty("object").GetString());
            Assert.True(body.RootElement.GetProperty("deleted").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/responses/{stored.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/responses/{stored.Id}/input_items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/responses/{stored.Id}")).StatusCode);
        Assert.Null(await _host.Store().CollectConversationAsync(stored.Id, keyId, CancellationToken.None));
        Assert.Equal(0, await _host.RowsAsync(stored.Id));
    }
}
