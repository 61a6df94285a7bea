using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Data;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// At start, on PostgreSQL, tries pgvector (<c>CREATE EXTENSION IF NOT EXISTS vector</c>) and,
/// when that works, has knowledge bases searched there; otherwise, and on SQLite, in memory.
/// Runs after the database migrator.
/// </summary>
internal sealed class VectorStoreStarter(
    KnowledgeVectorStore store, IServiceScopeFactory scopes, IOptions<KnowledgeOptions> options, ILogger<VectorStoreStarter> logger) : IHostedService
{
    private PgvectorStore? _pgvector;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? connectionString;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = db.Database.GetConnectionString();
        }

        if (!options.Value.UsePgvector)
        {
            KnowledgeLog.PgvectorUnavailable(logger, "Chat:Knowledge:UsePgvector is false");
            return;
        }

        _pgvector = await PgvectorStore.TryStartAsync(connectionString!, scopes, reason => KnowledgeLog.PgvectorUnavailable(logger, reason), cancellationToken);
        if (_pgvector is not null)
        {
            store.UsePgvector(_pgvector);
            KnowledgeLog.UsingPgvector(logger);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pgvector is not null)
        {
            await _pgvector.DisposeAsync();
        }
    }
}
