using System.Text;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Responses;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// A Messages stream served by a provider of the <c>Anthropic</c> kind: its stream, turned into chat
/// chunks on the way in, comes out as Anthropic's events again, prompt-cache counts included.
/// </summary>
public sealed class AnthropicProviderMessagesStreamTests(AnthropicProviderTests.Fixture fixture) : IClassFixture<AnthropicProviderTests.Fixture>
{
    [Fact]
    public async Task CreateStreaming_AnthropicProvider_AssemblesTheTextWithTheUpstreamsCacheCountsPricedAtTheirPrices()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Claude, streamed back as Claude.") with
        {
            Chunks = 4, PromptTokens = 8, CompletionTokens = 6, CachedTokens = 100, CacheWriteTokens = 20,
        });
        var client = AnthropicSdkTests.CreateClient(host, await host.CreateKeyAsync());

        var text = new StringBuilder();
        MessageDeltaUsage? usage = null;
        await foreach (var streamed in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 256,
            Messages = [new UserMessageParam("Stream please.")],
        }))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }
            else if (streamed.TryPickDelta(out var closing))
            {
                usage = closing.Usage;
            }
        }

        Assert.Equal("Claude, streamed back as Claude.", text.ToString());
        Assert.NotNull(usage);
        Assert.Equal((8L, 100L, 20L, 6L), (usage.InputTokens, usage.CacheReadInputTokens, usage.CacheCreationInputTokens, usage.OutputTokens));
        var sent = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/messages", sent.Path);
        Assert.True(JsonNode.Parse(sent.Body)!["stream"]!.GetValue<bool>());
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "claude-sonnet-4-5", 1));
        Assert.Equal((true, false, 128, 100, 20, 6), (record.Stream, record.Estimated, record.PromptTokens, record.CachedTokens, record.CacheWriteTokens, record.CompletionTokens));

        // Per million tokens: 8 input at 3, 100 cache reads at 0.3, 20 cache writes at 3.75, 6 output at 15.
        Assert.Equal(((8 * 3m) + (100 * 0.3m) + (20 * 3.75m) + (6 * 15m)) / 1_000_000m, record.Cost);
    }
}
