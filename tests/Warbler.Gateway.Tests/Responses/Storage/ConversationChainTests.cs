using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary>
/// What <c>previous_response_id</c> continues, collected through the store: every earlier turn's
/// input then output, oldest first, for the key that made them, within the depth limit.
/// </summary>
public sealed class ConversationChainTests(ConversationChainTests.DepthTwoHost fixture) : IClassFixture<ConversationChainTests.DepthTwoHost>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task CollectConversation_TwoTurns_GivesInputsAndOutputsOldestFirst()
    {
        var (_, keyId) = await _host.NewKeyAsync();
        var first = StoredResponseSamples.Answer(keyId, "My name is Ada.", "Nice to meet you, Ada.");
        var second = StoredResponseSamples.Answer(keyId, "What is my name?", "Ada.", previousResponseId: first.Id);
        await _host.Store().SaveAsync(first, CancellationToken.None);
        await _host.Store().SaveAsync(second, CancellationToken.None);
        await _host.WrittenAsync(first.Id);

        var conversation = await _host.Store().CollectConversationAsync(second.Id, keyId, CancellationToken.None);

        Assert.NotNull(conversation);
        Assert.Equal([first.Id, second.Id], conversation.Responses.Select(r => r.Id));
        Assert.Equal(["user: My name is Ada.", "assistant: Nice to meet you, Ada.", "user: What is my name?", "assistant: Ada."], conversation.Items.Select(Line));
        Assert.False(conversation.Truncated);
    }

    [Fact]
    public async Task CollectConversation_LongerThanTheDepthLimit_IsCutToTheNewestAndSaysSo()
    {
        var (_, keyId) = await _host.NewKeyAsync();
        string? previous = null;
        var ids = new List<string>();
        foreach (var turn in new[] { "one", "two", "three" })
        {
            var response = StoredResponseSamples.Answer(keyId, turn, $"answer {turn}", previous);
            await _host.Store().SaveAsync(response, CancellationToken.None);
            ids.Add(previous = response.Id);
        }

        var conversation = await _host.Store().CollectConversationAsync(previous!, keyId, CancellationToken.None);

        Assert.NotNull(conversation);
        Assert.Equal(ids[1..], conversation.Responses.Select(r => r.Id));
        Assert.Equal(["user: two", "assistant: answer two", "user: three", "assistant: answer three"], conversation.Items.Select(Line));
        Assert.True(conversation.Truncated);
    }

    [Fact]
    public async Task CollectConversation_EarlierTurnDeleted_EndsAfterIt()
    {
        var (_, keyId) = await _host.NewKeyAsync();
        var first = StoredResponseSamples.Answer(keyId, "Forget this.", "Forgotten.");
        var second = StoredResponseSamples.Answer(keyId, "Keep this.", "Kept.", previousResponseId: first.Id);
        await _host.Store().SaveAsync(first, CancellationToken.None);
        await _host.Store().SaveAsync(second, CancellationToken.None);
        Assert.True(await _host.Store().DeleteAsync(first.Id, keyId, CancellationToken.None));

        var conversation = await _host.Store().CollectConversationAsync(second.Id, keyId, CancellationToken.None);

        Assert.NotNull(conversation);
        Assert.Equal(["user: Keep this.", "assistant: Kept."], conversation.Items.Select(Line));
        Assert.True(conversation.Truncated);
    }

    [Fact]
    public async Task CollectConversation_AnotherKeysResponse_IsNull()
    {
        var (_, ownerId) = await _host.NewKeyAsync();
        var (_, otherId) = await _host.NewKeyAsync();
        var response = StoredResponseSamples.Answer(ownerId, "Mine.", "Yours.");
        await _host.Store().SaveAsync(response, CancellationToken.None);

        Assert.Null(await _host.Store().CollectConversationAsync(response.Id, otherId, CancellationToken.None));
        Assert.Null(await _host.Store().CollectConversationAsync("resp_unknown", ownerId, CancellationToken.None));
    }

    /// <summary>"role: text" of a message item, input or output.</summary>
    private static string Line(JsonElement item) =>
        $"{item.GetProperty("role").GetString()}: {item.GetProperty("content")[0].GetProperty("text").GetString()}";

    /// <summary>A gateway that follows a chain back two responses at most.</summary>
    public sealed class DepthTwoHost : IAsyncLifetime
    {
        public GatewayHost Host { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Host = await GatewayHost.StartAsync(configure: settings => settings["Responses:MaxConversationDepth"] = "2");

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
