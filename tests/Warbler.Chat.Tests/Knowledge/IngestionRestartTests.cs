using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>A document still pending when the server stops is ingested when it starts again. Its own servers: it stops one.</summary>
public sealed class IngestionRestartTests
{
    [Fact]
    public async Task Start_DocumentLeftPendingByTheLastRun_IsIngested()
    {
        var database = GatewayHost.NewDatabasePath();
        try
        {
            Guid knowledgeBase;
            Guid document;
            await using (var first = await GatewayHost.StartAsync(databasePath: database))
            {
                // The embeddings never come while this server runs.
                first.Upstream.Default = UpstreamScript.Answer() with { DelayBeforeHeaders = TimeSpan.FromMinutes(5) };
                using var admin = first.CreateAdminClient();
                knowledgeBase = await admin.CreateKnowledgeBaseAsync();
                document = await admin.UploadAsync(knowledgeBase, "handbook.md", "# Holidays\n\nStaff get 25 days a year.");
                await Eventually.UntilAsync(() => first.Upstream.Requests.Any(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)), because: "the embeddings to be asked for");
                Assert.Equal("pending", (await admin.DocumentsAsync(knowledgeBase)).Single().GetProperty("status").GetString());
            }

            await using var second = await GatewayHost.StartAsync(databasePath: database);
            using var again = second.CreateAdminClient();
            var ready = Assert.Single(await again.WaitUntilReadyAsync(knowledgeBase));

            Assert.Equal((document, 1, KnowledgeClient.EmbeddingModel), (ready.GetProperty("id").GetGuid(), ready.GetProperty("chunks").GetInt32(), ready.GetProperty("embeddingModel").GetString()));
        }
        finally
        {
            GatewayHost.DeleteDatabase(database);
        }
    }
}
