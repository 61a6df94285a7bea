namespace Warbler.Chat.Knowledge;

/// <summary>A chunk found close to a question, with its cosine similarity.</summary>
internal readonly record struct VectorHit(Guid ChunkId, Guid DocumentId, float Score);
