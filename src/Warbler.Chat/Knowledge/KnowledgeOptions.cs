namespace Warbler.Chat.Knowledge;

/// <summary>The <c>Chat:Knowledge</c> section: how documents are chunked and embedded, and how much a reply is given.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Chat:Knowledge";

    /// <summary>The embedding model of a new knowledge base that names none.</summary>
    public string EmbeddingModel { get; set; } = "text-embedding-3-small";

    /// <summary>A chunk's size in tokens (by the embedding model's tokenizer).</summary>
    public int ChunkTokens { get; set; } = 400;

    /// <summary>Tokens of a chunk's end that the next chunk of its section starts with.</summary>
    public int OverlapTokens { get; set; } = 60;

    /// <summary>Chunks sent in one embeddings request.</summary>
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Passages a reply is given at most.</summary>
    public int TopK { get; set; } = 4;

    /// <summary>Passages less similar than this to the question (cosine, -1 to 1) are left out.</summary>
    public double MinScore { get; set; } = 0.2;

    /// <summary>The share of a bot's context budget passages may take; history gets the rest.</summary>
    public double MaxContextShare { get; set; } = 0.5;

    /// <summary>Earlier messages embedded with the question, so "and in winter?" finds what the talk is about.</summary>
    public int QueryContextMessages { get; set; } = 2;

    /// <summary>On PostgreSQL, search with pgvector when the extension can be created; false keeps the in-memory index.</summary>
    public bool UsePgvector { get; set; } = true;

    /// <summary>Documents a knowledge base holds at most.</summary>
    public int MaxDocumentsPerBase { get; set; } = 10_000;
}

internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.EmbeddingModel) || options.EmbeddingModel.Length > Data.Knowledge.KnowledgeLimits.ModelMaxLength)
        {
            failures.Add($"Chat:Knowledge:EmbeddingModel must be a model name of 1 to {Data.Knowledge.KnowledgeLimits.ModelMaxLength} characters.");
        }

        if (options.ChunkTokens is < 50 or > 8_000)
        {
            failures.Add($"Chat:Knowledge:ChunkTokens must be between 50 and 8000 (it is {options.ChunkTokens}).");
        }

        if (options.OverlapTokens < 0 || options.OverlapTokens >= options.ChunkTokens / 2)
        {
            failures.Add($"Chat:Knowledge:OverlapTokens must be at least 0 and less than half of ChunkTokens (it is {options.OverlapTokens}).");
        }

        if (options.EmbeddingBatchSize is < 1 or > 2_048)
        {
            failures.Add($"Chat:Knowledge:EmbeddingBatchSize must be between 1 and 2048 (it is {options.EmbeddingBatchSize}).");
        }

        if (options.TopK is < 1 or > 50)
        {
            failures.Add($"Chat:Knowledge:TopK must be between 1 and 50 (it is {options.TopK}).");
        }

        if (options.MinScore is < -1 or > 1)
        {
            failures.Add($"Chat:Knowledge:MinScore must be between -1 and 1 (it is {options.MinScore}).");
        }

        if (options.MaxContextShare is <= 0 or > 0.9)
        {
            failures.Add($"Chat:Knowledge:MaxContextShare must be more than 0 and at most 0.9 (it is {options.MaxContextShare}).");
        }

        if (options.QueryContextMessages is < 0 or > 20)
        {
            failures.Add($"Chat:Knowledge:QueryContextMessages must be between 0 and 20 (it is {options.QueryContextMessages}).");
        }

        if (options.MaxDocumentsPerBase < 1)
        {
            failures.Add("Chat:Knowledge:MaxDocumentsPerBase must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
