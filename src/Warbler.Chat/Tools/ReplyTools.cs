using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using Warbler.Chat.Events;
using Warbler.Data;

namespace Warbler.Chat.Tools;

/// <summary>
/// The tools of one reply (scoped to it): opens the MCP servers of the tools its bot may call, offers
/// exactly those tools, keeps the steps to store with the reply, and closes the sessions at its end.
/// </summary>
internal sealed class ReplyTools(McpConnector connector, ChatEvents events, IOptions<ToolsOptions> options, ILoggerFactory loggers, TimeProvider time, ILogger<ReplyTools> logger)
    : IAsyncDisposable
{
    private readonly List<McpClient> _sessions = [];
    private ReplyToolSteps? _steps;

    /// <summary>
    /// The toolbox of a reply by <paramref name="botId"/>, or null when the bot may call no tool (or none
    /// of its servers could be reached, which is logged: the bot then answers without them). A reply
    /// written again (<paramref name="version"/> above 1) loses the steps of its earlier text first.
    /// </summary>
    public async Task<ReplyToolbox?> OpenAsync(WarblerDbContext db, Guid botId, Guid roomId, long replyId, int version, CancellationToken cancellationToken)
    {
        if (version > 1)
        {
            await db.ToolSteps.Where(s => s.MessageId == replyId).ExecuteDeleteAsync(cancellationToken);
        }

        var allowed = await db.BotTools.AsNoTracking()
            .Where(t => t.BotId == botId)
            .Join(db.McpServers.AsNoTracking().Where(s => s.Enabled), t => t.ServerId, s => s.Id, (t, s) => new { t.ToolName, Server = s })
            .ToListAsync(cancellationToken);
        if (allowed.Count == 0)
        {
            return null;
        }

        var settings = options.Value;
        _steps = new ReplyToolSteps(events, roomId, replyId, time);
        var tools = new Dictionary<string, AITool>(StringComparer.Ordinal);
        foreach (var server in allowed.GroupBy(t => t.Server.Id).Select(g => (g.First().Server, Names: g.Select(t => t.ToolName).ToHashSet(StringComparer.Ordinal))).OrderBy(s => s.Server.Name, StringComparer.Ordinal))
        {
            IList<McpClientTool> listed;
            try
            {
                var session = await connector.ConnectAsync(server.Server, cancellationToken);
                _sessions.Add(session);
                listed = await McpToolList.ListAsync(session, server.Server.Name, settings.CallTimeout, time, cancellationToken);
            }
            catch (McpUnreachableException unreachable)
            {
                ToolsLog.ServerUnavailable(logger, server.Server.Name, botId, replyId, unreachable.Message);
                continue;
            }

            foreach (var tool in listed.Where(t => server.Names.Contains(t.Name)))
            {
                if (!tools.TryAdd(tool.Name, new McpToolFunction(tool, server.Server.Name, _steps, settings, time)))
                {
                    ToolsLog.DuplicateTool(logger, botId, tool.Name, ((McpToolFunction)tools[tool.Name]).Server);
                }
            }
        }

        return tools.Count == 0 ? null : new ReplyToolbox([.. tools.Values], settings.MaxRounds, loggers, time);
    }

    /// <summary>Adds the reply's steps to <paramref name="db"/>, to be saved with it.</summary>
    public void AddStepsTo(WarblerDbContext db) => _steps?.AddTo(db);

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            try
            {
                await session.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A session that does not close cleanly (its server gone) is let go all the same.
            }
        }
    }
}
