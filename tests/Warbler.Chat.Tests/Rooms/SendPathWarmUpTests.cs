using System.Text.RegularExpressions;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// A started server has run a send's and a bot reply's statements once, in a transaction it rolled
/// back: their queries have run (and so are compiled) before the first request, and nothing of the
/// warm-up is stored.
/// </summary>
public sealed class SendPathWarmUpTests
{
    [Fact]
    public async Task Start_RunsTheSendAndReplyQueries_LeavingNoRoomOrMessageBehind()
    {
        var logs = new LogCapture();
        await using var host = await GatewayHost.StartAsync(logger: logs);

        Assert.Contains(logs.Lines, line => line.Contains("The send path was warmed up", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("could not be warmed up", StringComparison.Ordinal));
        var executed = logs.Lines.Where(line => line.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();

        // A reply's reads: its bot, the bot's knowledge and tools, and its context's files.
        // (SQLite's commands quote every table's name; PostgreSQL's only those that need it.)
        foreach (var table in new[] { "bots", "bot_knowledge_bases", "bot_tools", "message_attachments" })
        {
            var read = new Regex($"(FROM|JOIN) \"?{table}\"? ");
            Assert.True(executed.Any(read.IsMatch), $"No command read {table} at the start.");
        }

        Assert.Equal([0L], await host.Database.QueryAsync("SELECT count(*) FROM rooms", r => r.GetInt64(0)));
        Assert.Equal([0L], await host.Database.QueryAsync("SELECT count(*) FROM messages", r => r.GetInt64(0)));
    }
}
