using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Clients;

/// <summary>The official OpenAI .NET package, pointed at Warbler, works as it does against OpenAI.</summary>
public sealed class OfficialOpenAIClientTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task CompleteChat_ThroughWarbler_ReturnsAnswerAndUsage()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Hello from upstream, via Warbler.") with { PromptTokens = 9, CompletionTokens = 6 });
        var client = CreateChatClient(host, await host.CreateKeyAsync());

        ChatCompletion completion = await client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Say hello.")]);

        Assert.Equal("Hello from upstream, via Warbler.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(9, completion.Usage.InputTokenCount);
        Assert.Equal(6, completion.Usage.OutputTokenCount);
        Assert.Equal(15, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_ThroughWarbler_StreamsTextAndUsage()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Streaming works through Warbler.") with { Chunks = 6, PromptTokens = 5, CompletionTokens = 8 });
        var client = CreateChatClient(host, await host.CreateKeyAsync());

        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        var updates = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please.")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal("Streaming works through Warbler.", text.ToString());
        Assert.True(updates >= 6, $"expected at least 6 updates, got {updates}");
        Assert.NotNull(usage);
        Assert.Equal(5, usage.InputTokenCount);
        Assert.Equal(8, usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_WithRevokedKey_ThrowsUnauthorized()
    {
        var host = shared.Fresh();
        var client = CreateChatClient(host, "wk-not-a-key-that-exists-anywhere-at-all");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(401, error.Status);
        Assert.Contains("Incorrect API key", error.Message, StringComparison.Ordinal);
    }

    private static ChatClient CreateChatClient(GatewayHost host, string key) => new(
        "gpt-4o-mini",
        new ApiKeyCredential(key),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(host.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(host.CreateClient()),
        });
}
