using System.Text.Json;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Tools;

/// <summary>Tool loops that need a server of their own: the offline demo as the model, and a call that outlasts a stop.</summary>
public sealed class ToolLoopOwnHostTests : IAsyncLifetime
{
    private SampleMcpHost _sample = null!;

    public async Task InitializeAsync() => _sample = await SampleMcpHost.StartAsync();

    public async Task DisposeAsync() => await _sample.DisposeAsync();

    [Fact]
    public async Task Reply_InDemoMode_CallsTheCalculatorTheQuestionAsksForAndAnswersFromItsResult()
    {
        await using var host = await GatewayHost.StartAsync(providers: []);
        var serverId = await host.RegisterSampleAsync(_sample, "sample");
        var handle = RoomsClient.NewHandle();
        var botId = await host.CreateBotAsync(handle, model: "demo");
        await host.AllowToolsAsync(botId, serverId, "multiply", "lookup_capital");
        var ann = await ChatMember.SignUpAsync(host, "ann");
        var room = await ann.Http.CreateRoomAsync("group", bots: [handle], title: "Sums");

        await ann.Http.SendAsync(room, $"@{handle} what is 6 times 7?");
        var reply = (await ann.Http.WaitForRepliesAsync(room)).Single(m => m.GetProperty("sender").GetProperty("type").GetString() == "bot");

        Assert.Equal(("complete", "[Offline demo: no provider is configured.] The tool answered: \"42\"."), (reply.GetProperty("status").GetString(), reply.GetProperty("text").GetString()));
        var step = reply.GetProperty("toolSteps").EnumerateArray().Single();
        Assert.Equal(("sample", "multiply", """{"a":6,"b":7}""", "ok", "42"), (step.GetProperty("server").GetString(), step.GetProperty("tool").GetString(), step.GetProperty("arguments").GetString(), step.GetProperty("status").GetString(), step.GetProperty("result").GetString()));
    }

    [Fact]
    public async Task StopReply_WhileAToolIsRunning_EndsTheLoopAndKeepsTheStepAsStopped()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings => settings["Chat:Tools:CallTimeout"] = "00:05:00");
        host.Upstream.Enqueue(UpstreamScript.CallTool("wait_forever", "{}"));
        var serverId = await host.RegisterSampleAsync(_sample);
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        using var admin = host.CreateAdminClient();
        var botId = (await admin.GetFromJsonAsync<JsonElement>("/api/bots")).EnumerateArray().Single(b => b.GetProperty("handle").GetString() == handle).GetProperty("id").GetGuid();
        await host.AllowToolsAsync(botId, serverId, "wait_forever");
        await using var bobHub = await bob.ConnectAsync();

        await ann.Http.SendAsync(room, $"@{handle} wait for it");
        var running = await bobHub.WaitForAsync("toolStep");
        using var stop = await ann.Http.PostAsync($"/api/rooms/{room}/messages/{running.MessageId}/stop", null);
        var completed = await bobHub.WaitForCompletedAsync(running.MessageId);

        Assert.True(stop.IsSuccessStatusCode, $"{(int)stop.StatusCode} {await stop.Content.ReadAsStringAsync()}");
        Assert.Equal("stopped", completed.GetProperty("status").GetString());
        var step = completed.GetProperty("toolSteps").EnumerateArray().Single();
        Assert.Equal(("error", "The reply was stopped before the tool answered."), (step.GetProperty("status").GetString(), step.GetProperty("error").GetString()));
        Assert.Single(host.Upstream.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
    }
}
