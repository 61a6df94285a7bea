using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// A batch of usage records that the database committed while Warbler heard a failure (the
/// connection dropped as the commit was answered) is written again, and still every request's
/// record is stored once, and reports and the key's own usage count each request once.
/// On PostgreSQL a relay really cuts the connection right after the server confirms the commit.
/// A SQLite file has no connection to cut and answers every commit it makes, so the other test,
/// on whatever engine the tests run, has an EF Core transaction interceptor, registered by the test
/// alone, report a failure after the commit succeeded: the one way to lose the answer to a local commit.
/// </summary>
public sealed class UsageCommitLostTests
{
    private const int Requests = 5;

    /// <summary>Long enough for the concurrent requests' records to gather into one batch.</summary>
    private const string GatherTime = "00:00:00.5";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The start of the statement that writes usage records, as the client sends it.</summary>
    private static readonly byte[] UsageInsert = "INSERT INTO \"usage_records\""u8.ToArray();

    /// <summary>PostgreSQL's CommandComplete message for COMMIT: when the server sends it, the transaction is committed.</summary>
    private static readonly byte[] CommitConfirmed = [(byte)'C', 0, 0, 0, 11, .. "COMMIT\0"u8];

    [PostgresFact]
    public async Task ConnectionDroppedRightAfterTheServerCommittedAUsageBatch_EachRequestIsStoredAndReportedOnce()
    {
        var database = DatabaseDownTests.NewPostgresDatabase();
        try
        {
            await using var relay = new LoopbackProxy(database.ServerHost, database.ServerPort);
            var log = new LogCapture();
            await using var host = await GatewayHost.StartAsync(database: database, logger: log, configure: s =>
            {
                s["ConnectionStrings:Warbler"] = database.ConnectionStringThrough("127.0.0.1", relay.Port);
                s["Usage:FlushInterval"] = GatherTime;
            });
            using var gateway = host.CreateClient(await host.CreateKeyAsync());
            var cut = relay.CutOnceWhen(UsageInsert, CommitConfirmed);

            var requestIds = await SendRequestsAsync(gateway);

            await cut.WaitAsync(Patience);
            await AssertEachStoredAndReportedOnceAsync(host, gateway, requestIds, log);
        }
        finally
        {
            database.Release();
        }
    }

    [Fact]
    public async Task CommitOfAUsageBatchSucceededButFailedForWarbler_EachRequestIsStoredAndReportedOnce()
    {
        var commits = new CommitAnswerLost();
        var log = new LogCapture();
        await using var host = await GatewayHost.StartAsync(logger: log, configure: s => s["Usage:FlushInterval"] = GatherTime, services: services =>
        {
            services.ConfigureDbContext<SqliteWarblerDbContext>(o => o.AddInterceptors(commits), ServiceLifetime.Singleton);
            services.ConfigureDbContext<PostgresWarblerDbContext>(o => o.AddInterceptors(commits), ServiceLifetime.Singleton);
        });
        using var gateway = host.CreateClient(await host.CreateKeyAsync());
        commits.UsageStored = async () => (await host.Database.QueryAsync("SELECT count(*) FROM usage_records", r => r.GetInt64(0))).Single() > 0;

        var requestIds = await SendRequestsAsync(gateway);

        await commits.Lost.Task.WaitAsync(Patience);
        await AssertEachStoredAndReportedOnceAsync(host, gateway, requestIds, log);
    }

    /// <summary>Sends the requests at once, so their records share a batch; returns their request ids.</summary>
    private static async Task<string[]> SendRequestsAsync(HttpClient gateway) =>
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await gateway.PostAsJsonAsync("/v1/chat/completions", new { model = "fake-model", messages = new[] { new { role = "user", content = "hi" } } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Assert.Single(response.Headers.GetValues("x-request-id"));
        }));

    private static async Task AssertEachStoredAndReportedOnceAsync(GatewayHost host, HttpClient gateway, string[] requestIds, LogCapture log)
    {
        var writer = host.Services.GetRequiredService<UsageWriter>();
        await Eventually.UntilAsync(() => Task.FromResult(writer.Waiting == 0), () => $"the usage records to be stored; {writer.Waiting} still wait", Patience);

        // The batch was written again, and the records its lost commit had stored were found and skipped.
        Assert.Contains(log.Lines, l => l.Contains("usage records were stored by an attempt that seemed to fail", StringComparison.Ordinal));

        var stored = await host.Database.QueryAsync("SELECT \"RequestId\" FROM usage_records", r => r.GetString(0));
        Assert.Equal(requestIds.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));

        using var admin = host.CreateAdminClient();
        using var report = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage"));
        Assert.Equal(Requests, report.RootElement.GetProperty("totals").GetProperty("requests").GetInt64());

        using var own = JsonDocument.Parse(await gateway.GetStringAsync("/v1/usage"));
        Assert.Equal(Requests, own.RootElement.GetProperty("today").GetProperty("requests").GetInt64());
        Assert.Equal(Requests, own.RootElement.GetProperty("total").GetProperty("requests").GetInt64());
    }

    /// <summary>
    /// Once <see cref="UsageStored"/> is set, the first commit after which usage records are stored
    /// succeeds and then throws, as a provider does when the connection drops before the answer.
    /// </summary>
    private sealed class CommitAnswerLost : DbTransactionInterceptor
    {
        private int _lost;

        public Func<Task<bool>>? UsageStored { get; set; }

        public TaskCompletionSource Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (UsageStored is { } usageStored && Volatile.Read(ref _lost) == 0 && await usageStored() && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                Lost.SetResult();
                throw new ConnectionLostException();
            }
        }
    }

    private sealed class ConnectionLostException() : DbException("The connection to the database was lost while it answered the commit.");
}
