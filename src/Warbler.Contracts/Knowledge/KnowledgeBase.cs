namespace Warbler.Contracts.Knowledge;

/// <summary>A knowledge base, as <c>/api/admin/knowledge-bases</c> shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it holds, for admins.</param>
/// <param name="EmbeddingModel">The model its documents are embedded with.</param>
/// <param name="Documents">How many documents it has.</param>
/// <param name="Chunks">How many chunks its ready documents have.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record KnowledgeBase(
    Guid Id, string Name, string Description, string EmbeddingModel, int Documents, int Chunks, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
