using System.Text.Json;
using Warbler.Client.Messages;
using Warbler.Client.Realtime;
using Warbler.Client.Tests.Realtime;
using Warbler.Contracts.Messages;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Client.Tests.Tools;

/// <summary>A bot that calls a tool, followed through the client library: the steps streamed with the send, live on the hub, and kept with the reply.</summary>
public sealed class ToolStepsTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>, IAsyncLifetime
{
    private readonly GatewayHost _host = fixture.Host;
    private SampleMcpHost _sample = null!;

    public async Task InitializeAsync() => _sample = await SampleMcpHost.StartAsync();

    public async Task DisposeAsync() => await _sample.DisposeAsync();

    [Fact]
    public async Task SendStreaming_ToABotThatCallsATool_YieldsTheStepRunningThenDone_AndTheReplyKeepsIt()
    {
        var handle = await BotWithToolAsync("multiply");
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync(handle);
        _host.Upstream.Enqueue(UpstreamScript.CallTool("multiply", """{"a":6,"b":7}"""), UpstreamScript.Answer("6 times 7 is 42."));

        var events = new List<ReplyEvent>();
        await foreach (var e in ann.Client.SendMessageStreamingAsync(room.Id, "What is 6 times 7?"))
        {
            events.Add(e);
        }

        var steps = events.OfType<ReplyToolStep>().Select(s => s.Step).ToList();
        var completed = Assert.Single(events.OfType<ReplyCompleted>()).Reply;
        Assert.Equal([(0, "multiply", ToolStepStatuses.Running), (0, "multiply", ToolStepStatuses.Ok)], steps.Select(s => (s.Index, s.Tool, s.Status)));
        Assert.Equal("42", steps[^1].Result);
        Assert.Equal("6 times 7 is 42.", completed.Text);
        Assert.Equal(("multiply", ToolStepStatuses.Ok, "42"), (Assert.Single(completed.ToolSteps!).Tool, completed.ToolSteps![0].Status, completed.ToolSteps[0].Result));
    }

    [Fact]
    public async Task TheHub_RaisesToolStepEvents_BeforeTheReplyCompletes()
    {
        var handle = await BotWithToolAsync("add");
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync(handle);
        await using var live = await RealtimeTests.ConnectAsync(ann);
        var seen = new RecordedEvents(live);
        _host.Upstream.Enqueue(UpstreamScript.CallTool("add", """{"a":2,"b":3}"""), UpstreamScript.Answer("2 and 3 make 5."));

        await live.SendMessageAsync(room.Id, "What is 2 plus 3?");
        var completed = await seen.WaitForAsync<MessageCompletedEvent>();

        var steps = seen.Events.OfType<ToolStepEvent>().ToList();
        // Kept steps but none live would point at the hub; neither, at the tool server or the model's answer.
        Assert.True(steps.Count == 2,
            $"{steps.Count} tool steps were raised live; the reply ({completed.Message.Status}) says \"{completed.Message.Text}\" and keeps "
            + $"{completed.Message.ToolSteps?.Count ?? 0} steps; raised: {string.Join(", ", seen.Items.Select(i => i is RealtimeEvent e ? e.GetType().Name : i.ToString()))}");
        Assert.Equal([ToolStepStatuses.Running, ToolStepStatuses.Ok], steps.Select(s => s.Step.Status));
        Assert.All(steps, s => Assert.Equal((room.Id, completed.Message.Id), (s.RoomId, s.MessageId)));
        Assert.Equal("5", steps[^1].Step.Result);
        Assert.Equal("5", Assert.Single(completed.Message.ToolSteps!).Result);
    }

    /// <summary>A new bot allowed one tool of the sample MCP server; returns its handle.</summary>
    private async Task<string> BotWithToolAsync(string tool)
    {
        using var admin = _host.CreateAdminClient();
        var handle = $"t{Guid.NewGuid():N}"[..12];
        using var bot = await admin.PostAsJsonAsync("/api/bots", new { name = "Calculator", handle, model = "gpt-4o-mini", systemPrompt = "Use your tools." });
        var botId = (await bot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var server = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new { name = "sample-" + handle, transport = "http", url = _sample.Url, bearerToken = SampleMcpHost.BearerToken });
        var serverId = (await server.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var allowed = await admin.PutAsJsonAsync($"/api/bots/{botId}/tools", new { tools = new[] { new { serverId, tool } } });
        Assert.True(allowed.IsSuccessStatusCode, await allowed.Content.ReadAsStringAsync());
        return handle;
    }
}
