using Warbler.Contracts.Json;

namespace Warbler.Contracts.Knowledge;

/// <summary>The body of <c>POST /api/admin/knowledge-bases</c>: a name; the embedding model defaults to <c>Chat:Knowledge:EmbeddingModel</c>.</summary>
public sealed record CreateKnowledgeBaseRequest(string? Name, string? Description, string? EmbeddingModel);

/// <summary>The body of <c>PATCH /api/admin/knowledge-bases/{id}</c>: fields left out stay; a new embedding model embeds every document again.</summary>
public sealed record UpdateKnowledgeBaseRequest(Optional<string?> Name, Optional<string?> Description, Optional<string?> EmbeddingModel);

/// <summary>The body of <c>PUT /api/bots/{id}/knowledge-bases</c>: every knowledge base the bot answers from (empty for none).</summary>
public sealed record BotKnowledgeBasesRequest(IReadOnlyList<Guid>? KnowledgeBaseIds);
