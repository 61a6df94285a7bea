using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.FakeUpstream;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>
/// The usage journal: a record is in the journal file when its answer reaches the client, a crash
/// (a writer abandoned with nothing flushed or closed) loses none, a torn last line is skipped, and
/// at start the journal is written to the database once, before budgets are loaded.
/// </summary>
public sealed class UsageJournalTests : IDisposable
{
    private static readonly object SmallRequest = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-tests", "journal-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Enqueue_WriterAbandonedWithoutDisposing_NextWriterFindsEveryRecord()
    {
        var sent = Enumerable.Range(1, 3).Select(i => Record($"req_crash_{i}", Guid.NewGuid(), 10 * i)).ToList();
        EnqueueAndAbandon(sent);

        // What a dead process leaves: its file handles closed by the kernel, nothing else done.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var next = NewWriter(metrics);

        Assert.True(next.Open() >= 1);
        var found = next.Take().Where(s => s.Path is not null).SelectMany(s => JournalFile.Read(s.Path!, NullLogger.Instance)).ToList();
        Assert.Equal(sent.Select(r => (r.RequestId, r.PromptTokens)), found.Select(r => (r.RequestId, r.PromptTokens)));
    }

    [Fact]
    public void Enqueue_ManyRequestsAtOnceWhileTheFilesAreTaken_EveryRecordIsInExactlyOneFile()
    {
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var writer = NewWriter(metrics);
        writer.Open();
        const int Threads = 8, PerThread = 400;
        var refused = 0;
        using var start = new Barrier(Threads + 1);
        var senders = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                if (!writer.Enqueue(Record($"req_{t}_{i}", Guid.NewGuid(), i)))
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToList();
        senders.ForEach(thread => thread.Start());

        // The writer service's part, at the same time: files taken (closed) while groups are
        // written, and read at once, as the service stores them.
        var found = new List<string>();
        void TakeAndRead()
        {
            foreach (var segment in writer.Take())
            {
                Assert.NotNull(segment.Path);
                var inFile = JournalFile.Read(segment.Path!, NullLogger.Instance).Select(r => r.RequestId).ToList();
                Assert.Equal(segment.Count, inFile.Count);
                if (segment.Records is { } kept)
                {
                    Assert.Equal(inFile, kept.Select(r => r.RequestId));
                }

                found.AddRange(inFile);
            }
        }

        start.SignalAndWait();
        while (senders.Any(thread => thread.IsAlive))
        {
            TakeAndRead();
        }

        writer.Complete();
        TakeAndRead();

        Assert.Equal(0, refused);
        var sent = Enumerable.Range(0, Threads).SelectMany(t => Enumerable.Range(0, PerThread).Select(i => $"req_{t}_{i}"));
        Assert.Equal(sent.Order(), found.Order());
        Assert.Equal(Threads * PerThread, writer.Waiting);
    }

    [Fact]
    public void Read_TornLastLine_SkipsItWithAWarningAndKeepsTheWholeRecords()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "torn.usage");
        // Each line copied at once: the next call reuses its buffer.
        var first = JournalJson.Line(Record("req_whole_1", Guid.NewGuid(), 5)).ToArray();
        var second = JournalJson.Line(Record("req_whole_2", Guid.NewGuid(), 6)).ToArray();
        byte[] whole = [.. first, .. second];
        var torn = JournalJson.Line(Record("req_torn", Guid.NewGuid(), 7))[..40].ToArray();
        File.WriteAllBytes(path, [.. whole, .. torn]);
        var log = new LogCapture();

        var records = JournalFile.Read(path, log.CreateLogger("journal"));

        Assert.Equal(["req_whole_1", "req_whole_2"], records.Select(r => r.RequestId));
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Skipped line 3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("whole", 200)]
    [InlineData("stream", 200)]
    [InlineData("upstream error", 400)]
    [InlineData("refused", 403)]
    public async Task Answer_WhenTheClientHasIt_ItsRecordIsInTheJournal(string kind, int status)
    {
        // The database write waits a minute: only the journal can hold the record.
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Usage:JournalPath"] = _folder;
            s["Usage:FlushInterval"] = "00:01:00";
        });
        using var admin = host.CreateAdminClient();
        using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "journal", models = new[] { "gpt-4o-mini" } })).Content.ReadAsStringAsync());
        using var client = host.CreateClient(created.RootElement.GetProperty("key").GetString());
        if (kind == "upstream error")
        {
            host.Upstream.Enqueue(UpstreamScript.Fail(400, "The prompt was refused upstream."));
        }

        object request = kind switch
        {
            "stream" => new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } }, stream = true },
            "refused" => new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } },
            _ => SmallRequest,
        };

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, (int)response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("x-request-id"));
        var journalled = Directory.GetFiles(_folder, "*.usage", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.Contains(journalled, text => text.Contains(requestId, StringComparison.Ordinal));
        Assert.Empty(await UsageRecords.ReadAsync(host.Database));
    }

    [Fact]
    public async Task Start_JournalLeftByACrash_IsStoredOnceAndCountedInTheBudget()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        void Settings(Dictionary<string, string?> s) => s["Usage:JournalPath"] = _folder;
        try
        {
            string key;
            Guid keyId;
            await using (var first = await GatewayHost.StartAsync(databasePath: databasePath, configure: Settings))
            {
                using var admin = first.CreateAdminClient();
                using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "crashed", tokenBudget = 1000 })).Content.ReadAsStringAsync());
                key = created.RootElement.GetProperty("key").GetString()!;
                keyId = created.RootElement.GetProperty("id").GetGuid();
            }

            // What a crashed server leaves: records journalled, none in the database.
            var file = Path.Combine(_folder, "0", $"{Guid.CreateVersion7():N}-500.usage");
            var lines = Enumerable.Range(1, 3).SelectMany(i => JournalJson.Line(Record($"req_left_{i}", keyId, 10 * i)).ToArray()).ToArray();
            await File.WriteAllBytesAsync(file, lines);

            await using (var second = await GatewayHost.StartAsync(databasePath: databasePath, configure: Settings))
            {
                Assert.Equal(["req_left_1", "req_left_2", "req_left_3"], (await UsageRecords.ReadAsync(second.Database)).Select(r => r.RequestId).Order());
                Assert.False(File.Exists(file));

                // 10 + 20 + 30 prompt tokens and 5 completion tokens each: 75 of the budget are spent.
                using var client = second.CreateClient(key);
                using var refused = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 990 });
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Contains("total token budget: 75 of 1000", (await OpenAIErrorBody.ReadAsync(refused)).Message, StringComparison.Ordinal);
            }

            // A crash between the database's commit and the file's removal: the file is replayed again.
            await File.WriteAllBytesAsync(file, lines);
            var log = new LogCapture();
            await using var third = await GatewayHost.StartAsync(databasePath: databasePath, configure: Settings, logger: log);

            Assert.Equal(4, (await UsageRecords.ReadAsync(third.Database)).Count);
            Assert.Contains(log.Lines, l => l.Contains("0 records stored, 3 already stored", StringComparison.Ordinal));
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task Start_JournalOfManyRecords_StoresEveryRecordWithItsValues()
    {
        // 130 records in batches of 60, the last one short.
        var databasePath = GatewayHost.NewDatabasePath();
        var folder = Path.Combine(_folder, "0");
        Directory.CreateDirectory(folder);
        var keyId = Guid.NewGuid();
        var sent = Enumerable.Range(1, 130).Select(i =>
        {
            var record = Record($"req_many_{i:D3}", keyId, i);
            record.UserId = i % 2 == 0 ? Guid.NewGuid() : null;
            record.Cost = i % 3 == 0 ? i / 1000m : null;
            record.Stream = i % 5 == 0;
            return record;
        }).ToList();
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{Guid.CreateVersion7():N}-60.usage"), [.. sent.SelectMany(r => JournalJson.Line(r).ToArray())]);
        try
        {
            await using var host = await GatewayHost.StartAsync(databasePath: databasePath, configure: s => s["Usage:JournalPath"] = _folder);

            var stored = (await UsageRecords.ReadAsync(host.Database)).OrderBy(r => r.RequestId, StringComparer.Ordinal).ToList();
            Assert.Equal(
                sent.Select(r => (r.RequestId, r.PromptTokens, r.UserId, r.Cost, r.Stream, r.KeyId)),
                stored.Select(r => (r.RequestId, r.PromptTokens, r.UserId, r.Cost, r.Stream, r.KeyId)));
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Theory]
    [InlineData("Serve")]
    [InlineData("Refuse")]
    public async Task Answer_JournalCannotTakeTheRecord_ServedOrCutOffAsConfigured(string mode)
    {
        var log = new LogCapture();
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Usage:JournalPath"] = _folder;
            s["Usage:FlushInterval"] = "00:00:00.050";
            s["Usage:OnJournalFailure"] = mode;
        }, logger: log, kestrel: true);
        using var client = host.CreateClient(await host.CreateKeyAsync());

        // The journal's folder becomes a file: the open journal file still takes the first record,
        // and no new one can be made once the writer has taken it.
        Directory.Delete(_folder, recursive: true);
        await File.WriteAllTextAsync(_folder, "not a folder");
        using (var first = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await UsageRecords.WaitForAsync(host, 1);
        var sent = client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

        if (mode == "Refuse")
        {
            // Fail closed: the answer is cut off, so no client holds an answer that has no record.
            await Assert.ThrowsAnyAsync<HttpRequestException>(async () => (await sent).EnsureSuccessStatusCode());
        }
        else
        {
            using var second = await sent;
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            var requestId = Assert.Single(second.Headers.GetValues("x-request-id"));
            Assert.Contains(requestId, (await UsageRecords.WaitForAsync(host, 2)).Select(r => r.RequestId));
        }

        Assert.Contains(log.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("could not be written to the journal", StringComparison.Ordinal));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnqueueAndAbandon(List<UsageRecord> records)
    {
        // The meters go with their provider, so nothing keeps the writer alive.
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var writer = NewWriter(metrics);
        writer.Open();
        foreach (var record in records)
        {
            Assert.True(writer.Enqueue(record));
        }
    }

    private UsageWriter NewWriter(IServiceProvider services)
    {
        var options = Options.Create(new UsageOptions { JournalPath = _folder, JournalSyncInterval = TimeSpan.FromSeconds(1) });
        return new UsageWriter(options, Options.Create(new DatabaseOptions()), new ConfigurationBuilder().Build(),
            new GatewayMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLogger<UsageWriter>.Instance);
    }

    private static UsageRecord Record(string requestId, Guid keyId, int promptTokens) => new()
    {
        RequestId = requestId,
        KeyId = keyId,
        Model = "gpt-4o-mini",
        Provider = "primary",
        Status = 200,
        PromptTokens = promptTokens,
        CompletionTokens = 5,
        LatencyMs = 1.5,
        CreatedAt = DateTime.UtcNow,
    };

    public void Dispose()
    {
        if (File.Exists(_folder))
        {
            File.Delete(_folder);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
