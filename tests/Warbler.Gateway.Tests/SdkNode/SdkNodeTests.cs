namespace Warbler.Gateway.Tests.SdkNode;

/// <summary>
/// The official JavaScript SDKs (<c>tests/sdk-node/</c>, pinned in its <c>package-lock.json</c>), as
/// their users write them, against Warbler: each test runs one of its files with <c>node --test</c>
/// and fails with Node's output when a test in it fails.
/// </summary>
public sealed class SdkNodeTests(SdkNodeFixture fixture) : IClassFixture<SdkNodeFixture>
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(3);

    [NodeFact]
    public Task ChatCompletions_OpenAIPackage_WholeAndStreamed() => RunAsync("chat-completions.test.mjs");

    [NodeFact]
    public Task Responses_OpenAIPackage_CreateStreamContinueRetrieveDelete() => RunAsync("responses.test.mjs");

    [NodeFact]
    public Task Agents_AgentWithFunctionTool_ReachesFinalAnswer() => RunAsync("agents.test.mjs");

    [NodeFact]
    public Task Anthropic_AnthropicPackage_CreateStreamToolUseCountTokensBadKey() => RunAsync("anthropic.test.mjs");

    private async Task RunAsync(string file)
    {
        await NodeJs.EnsurePackagesAsync();

        // What an earlier file left queued (a test that failed half-way) must not answer this one's requests.
        var host = fixture.Host;
        host.Upstream.Reset();
        var environment = new Dictionary<string, string>
        {
            ["WARBLER_BASE_URL"] = new Uri(host.BaseAddress, "/v1").ToString(),
            ["WARBLER_API_KEY"] = fixture.Key,
            ["WARBLER_OTHER_API_KEY"] = fixture.OtherKey,
            ["WARBLER_FAKE_UPSTREAM_URL"] = host.Upstream.RootUrl,

            // Nothing of the developer's own OpenAI set-up reaches the tests.
            ["OPENAI_API_KEY"] = "",
            ["OPENAI_BASE_URL"] = "",
            ["OPENAI_AGENTS_DISABLE_TRACING"] = "1",
            ["NO_COLOR"] = "1",
        };

        var (exitCode, output) = await NodeJs.RunTestFileAsync(file, environment, FileTimeout);

        Assert.True(exitCode == 0, $"node --test {file} failed ({exitCode}):\n{output}");
    }
}
