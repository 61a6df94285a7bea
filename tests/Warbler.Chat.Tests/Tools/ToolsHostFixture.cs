using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Tools;

/// <summary>
/// One Warbler shared by a class's tests, whose tool calls time out after <see cref="CallTimeout"/>, and
/// the sample MCP server beside it.
/// </summary>
public sealed class ToolsHostFixture : SharedHostFixture, IAsyncLifetime
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    public SampleMcpHost Sample { get; private set; } = null!;

    protected override async Task<GatewayHost> StartHostAsync()
    {
        Sample = await SampleMcpHost.StartAsync();
        return await GatewayHost.StartAsync(configure: settings => settings["Chat:Tools:CallTimeout"] = CallTimeout.ToString("c"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Sample.DisposeAsync();
    }
}

/// <summary>What an admin does to give bots tools, as a client would.</summary>
public static class ToolsAdmin
{
    /// <summary>Registers the sample server (with its bearer token) under a new name; returns its id.</summary>
    public static async Task<Guid> RegisterSampleAsync(this GatewayHost host, SampleMcpHost sample, string? name = null)
    {
        using var admin = host.CreateAdminClient();
        using var response = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new
        {
            name = name ?? "sample-" + Guid.NewGuid().ToString("N")[..8],
            transport = "http",
            url = sample.Url,
            bearerToken = SampleMcpHost.BearerToken,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Registering the sample MCP server: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Allows the bot exactly these tools of the server.</summary>
    public static async Task AllowToolsAsync(this GatewayHost host, Guid botId, Guid serverId, params string[] tools)
    {
        using var admin = host.CreateAdminClient();
        using var response = await admin.PutAsJsonAsync($"/api/bots/{botId}/tools", new { tools = tools.Select(tool => new { serverId, tool }) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Allowing tools: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
