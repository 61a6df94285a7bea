namespace Warbler.Chat.Knowledge;

/// <summary>The knowledge bases' log messages. Documents' text and questions are never logged.</summary>
internal static partial class KnowledgeLog
{
    [LoggerMessage(1, LogLevel.Information, "Resuming {Count} knowledge-base documents left pending by the last run.")]
    public static partial void ResumingPending(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Error, "Ingesting the knowledge-base document {DocumentId} failed unexpectedly; it stays pending.")]
    public static partial void IngestionCrashed(ILogger logger, Exception exception, Guid documentId);

    [LoggerMessage(3, LogLevel.Warning, "Embedding the knowledge-base document {DocumentId} with {Model} failed: {Reason}")]
    public static partial void EmbeddingFailed(ILogger logger, Guid documentId, string model, string reason);

    [LoggerMessage(4, LogLevel.Information, "Knowledge-base document {DocumentId}: {Chunks} chunks embedded with {Model}.")]
    public static partial void DocumentIngested(ILogger logger, Guid documentId, int chunks, string model);

    [LoggerMessage(5, LogLevel.Warning, "Bot {BotId} answers without its knowledge bases: embedding the question with {Model} failed: {Reason}")]
    public static partial void RetrievalFailed(ILogger logger, Guid botId, string model, string reason);

    [LoggerMessage(6, LogLevel.Information, "Knowledge-base vectors are searched with pgvector in PostgreSQL.")]
    public static partial void UsingPgvector(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "Knowledge-base vectors are searched in memory: pgvector is not available ({Reason}).")]
    public static partial void PgvectorUnavailable(ILogger logger, string reason);
}
