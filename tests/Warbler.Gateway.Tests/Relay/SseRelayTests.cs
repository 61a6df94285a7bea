using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Relay;

/// <summary><see cref="SseRelay"/> on its own: what the client receives, and what the call is billed for.</summary>
public sealed class SseRelayTests
{
    private const string Request = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";

    private static readonly UsageEstimator Estimator = new(new TokenCounter());

    [Fact]
    public async Task RelayAsync_UsageChunkTheClientDidNotAskFor_IsReadButNotPassedOn()
    {
        var (client, call) = await RelayAsync(
            Chunk("Hi") + Chunk(" there") + """data: {"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""" + "\n\ndata: [DONE]\n\n",
            clientWantsUsage: false);

        Assert.DoesNotContain("usage", client, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", client, StringComparison.Ordinal);
        Assert.Equal((9, 2, false), (call.Usage!.PromptTokens, call.Usage.CompletionTokens, call.Estimated));
        Assert.Equal("gpt-4o-mini", call.AnsweredModel);
        Assert.NotNull(call.FirstChunkAt);
    }

    [Fact]
    public async Task RelayAsync_UpstreamSendsNoUsage_TheDeliveredTextIsCountedByTheEstimator()
    {
        var (client, call) = await RelayAsync(Chunk("Tokenizers split text") + Chunk(" into pieces.") + "data: [DONE]\n\n", clientWantsUsage: true);

        Assert.Contains("Tokenizers split text", client, StringComparison.Ordinal);
        Assert.True(call.Estimated);
        Assert.Equal(Estimator.TextTokens("gpt-4o-mini", "Tokenizers split text into pieces."), call.Usage!.CompletionTokens);
        Assert.Equal(Estimator.PromptTokens("gpt-4o-mini", ["Hello"]), call.Usage.PromptTokens);
    }

    private static string Chunk(string text) =>
        "data: " + JsonSerializer.Serialize(new { model = "gpt-4o-mini", choices = new[] { new { index = 0, delta = new { content = text } } } }) + "\n\n";

    private static async Task<(string Client, GatewayCall Call)> RelayAsync(string upstream, bool clientWantsUsage)
    {
        using var provider = RelayParts.Provider("primary", new ScriptedHandler(() => RelayParts.Sse(upstream)));
        using var answer = new UpstreamAnswer(provider, RelayParts.Sse(upstream), TimeProvider.System.GetTimestamp());
        var call = new GatewayCall { Model = "gpt-4o-mini", Stream = true };
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        var request = new RelayRequest(Encoding.UTF8.GetBytes(Request), null, null, clientWantsUsage);

        await new SseRelay(answer, request, call, Estimator, TimeProvider.System, NullLogger.Instance).RelayAsync(context, CancellationToken.None);

        return (Encoding.UTF8.GetString(body.ToArray()), call);
    }
}
