using System.Text.Json;

namespace Warbler.Contracts.Tools;

/// <summary>
/// The body of <c>POST /api/admin/mcp-servers</c>. <c>transport</c> is <c>http</c> (Streamable HTTP, the
/// default: <c>url</c>, and optionally <c>headers</c> and <c>bearerToken</c>) or <c>stdio</c> (<c>command</c>
/// and <c>arguments</c>; refused unless <c>Chat:Tools:AllowStdio</c> is true).
/// </summary>
public sealed record CreateMcpServerRequest(
    string? Name,
    string? Transport,
    string? Url,
    Dictionary<string, string>? Headers,
    string? BearerToken,
    string? Command,
    List<string>? Arguments,
    bool? Enabled);

/// <summary>
/// The body of <c>PATCH /api/admin/mcp-servers/{id}</c>: fields left out (or null) stay as they are;
/// <c>"bearerToken": ""</c> removes the token and <c>"headers": {}</c> the headers.
/// </summary>
public sealed record UpdateMcpServerRequest(
    string? Name,
    string? Transport,
    string? Url,
    Dictionary<string, string>? Headers,
    string? BearerToken,
    string? Command,
    List<string>? Arguments,
    bool? Enabled);

/// <summary>An MCP server as the admin API shows it: its secrets are never shown, only whether they are set.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name, as steps and tools show it.</param>
/// <param name="Transport"><c>http</c> or <c>stdio</c>.</param>
/// <param name="Url">The endpoint of an <c>http</c> server.</param>
/// <param name="HasHeaders">Whether headers are sent to it (they are secret: never shown).</param>
/// <param name="HasBearerToken">Whether a bearer token is sent to it.</param>
/// <param name="Command">The command of a <c>stdio</c> server.</param>
/// <param name="Arguments">The arguments of that command.</param>
/// <param name="Enabled">Whether bots are offered its tools.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record McpServer(
    Guid Id,
    string Name,
    string Transport,
    string? Url,
    bool HasHeaders,
    bool HasBearerToken,
    string? Command,
    IReadOnlyList<string>? Arguments,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A tool an MCP server serves, as it lists it.</summary>
/// <param name="Name">The name a bot is allowed it by.</param>
/// <param name="Description">What the server says it does.</param>
/// <param name="InputSchema">The JSON schema of its arguments.</param>
public sealed record McpTool(string Name, string? Description, JsonElement InputSchema);

/// <summary>The body of <c>PUT /api/bots/{id}/tools</c>: every tool the bot may call (an empty list: none).</summary>
/// <param name="Tools">The tools, each a server and a tool name.</param>
public sealed record SetBotToolsRequest(List<BotToolRequest>? Tools);

/// <summary>A tool to allow a bot.</summary>
/// <param name="ServerId">The MCP server's id.</param>
/// <param name="Tool">The tool's name as the server lists it.</param>
public sealed record BotToolRequest(Guid? ServerId, string? Tool);

/// <summary>A tool a bot may call.</summary>
/// <param name="ServerId">The MCP server's id.</param>
/// <param name="Server">The MCP server's name.</param>
/// <param name="Tool">The tool's name.</param>
public sealed record BotTool(Guid ServerId, string Server, string Tool);
