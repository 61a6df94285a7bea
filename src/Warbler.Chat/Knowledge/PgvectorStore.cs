using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pgvector;
using Warbler.Data;
using Warbler.Data.Knowledge;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// The <see cref="IVectorStore"/> on PostgreSQL with the pgvector extension: each ready chunk's
/// vector is copied into <c>knowledge_vectors</c> (a <c>vector</c> column), and a search is one
/// query ordered by cosine distance (<c>&lt;=&gt;</c>), so nothing is held in memory and every
/// server sees the same vectors. The table is made at start, only when the extension could be
/// created: databases without pgvector never see it, and the migrations stay the same everywhere.
/// The chunks' own rows stay the source; this table is filled again from them.
/// </summary>
internal sealed class PgvectorStore(NpgsqlDataSource dataSource, IServiceScopeFactory scopes) : IVectorStore, IAsyncDisposable
{
    /// <summary>Tries to make the extension and the table; null when pgvector is not available.</summary>
    public static async Task<PgvectorStore?> TryStartAsync(string connectionString, IServiceScopeFactory scopes, Action<string> unavailable, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        var dataSource = builder.Build();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await connection.ReloadTypesAsync(cancellationToken);
            await using var table = new NpgsqlCommand(
                """
                CREATE TABLE IF NOT EXISTS knowledge_vectors (
                    chunk_id uuid PRIMARY KEY REFERENCES knowledge_chunks ("Id") ON DELETE CASCADE,
                    knowledge_base_id uuid NOT NULL,
                    document_id uuid NOT NULL,
                    embedding vector NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_knowledge_vectors_base ON knowledge_vectors (knowledge_base_id);
                CREATE INDEX IF NOT EXISTS ix_knowledge_vectors_document ON knowledge_vectors (document_id);
                """,
                connection);
            await table.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException failure)
        {
            unavailable(failure.MessageText);
            await dataSource.DisposeAsync();
            return null;
        }

        var store = new PgvectorStore(dataSource, scopes);
        await store.FillAsync(cancellationToken);
        return store;
    }

    public async Task<List<VectorHit>> SearchAsync(IReadOnlyCollection<Guid> knowledgeBaseIds, float[] query, int k, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT chunk_id, document_id, 1 - (embedding <=> $1) AS score FROM knowledge_vectors
            WHERE knowledge_base_id = ANY($2) AND vector_dims(embedding) = $3
            ORDER BY embedding <=> $1 LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = new Vector(query) });
        command.Parameters.Add(new NpgsqlParameter { Value = knowledgeBaseIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Length });
        command.Parameters.Add(new NpgsqlParameter { Value = k });
        var hits = new List<VectorHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new VectorHit(reader.GetGuid(0), reader.GetGuid(1), (float)reader.GetDouble(2)));
        }

        return hits;
    }

    public async Task DocumentChangedAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM knowledge_vectors WHERE document_id = $1", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = documentId });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, transaction, [documentId], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task KnowledgeBaseChangedAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        // Its documents are embedded again (or it is gone): each is copied back once ready.
        await using var delete = dataSource.CreateCommand("DELETE FROM knowledge_vectors WHERE knowledge_base_id = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = knowledgeBaseId });
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <summary>Copies the vectors of ready documents that are missing (stored before pgvector was there).</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var missing = new List<Guid>();
        await using (var find = new NpgsqlCommand(
            """
            SELECT d."Id" FROM knowledge_documents d
            WHERE d."Status" = 'Ready' AND EXISTS (SELECT 1 FROM knowledge_chunks c WHERE c."DocumentId" = d."Id")
              AND NOT EXISTS (SELECT 1 FROM knowledge_vectors v WHERE v.document_id = d."Id")
            """,
            connection))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(reader.GetGuid(0));
            }
        }

        foreach (var document in missing)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await CopyAsync(connection, transaction, [document], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Copies the chunk vectors of these documents, when ready with their base's model.</summary>
    private async Task CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> documentIds, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var chunks = await (
            from chunk in db.KnowledgeChunks.AsNoTracking()
            join document in db.KnowledgeDocuments on chunk.DocumentId equals document.Id
            join knowledgeBase in db.KnowledgeBases on document.KnowledgeBaseId equals knowledgeBase.Id
            where documentIds.Contains(document.Id) && document.Status == DocumentStatus.Ready && document.EmbeddingModel == knowledgeBase.EmbeddingModel
            select new { chunk.Id, chunk.KnowledgeBaseId, chunk.DocumentId, chunk.Vector }).ToListAsync(cancellationToken);
        foreach (var chunk in chunks)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO knowledge_vectors (chunk_id, knowledge_base_id, document_id, embedding) VALUES ($1, $2, $3, $4) ON CONFLICT (chunk_id) DO NOTHING",
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = chunk.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = chunk.KnowledgeBaseId });
            insert.Parameters.Add(new NpgsqlParameter { Value = chunk.DocumentId });
            insert.Parameters.Add(new NpgsqlParameter { Value = new Vector(MemoryMarshal.Cast<byte, float>(chunk.Vector).ToArray()) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
