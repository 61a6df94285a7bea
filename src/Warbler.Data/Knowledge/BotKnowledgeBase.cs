namespace Warbler.Data.Knowledge;

/// <summary>A bot answers from this knowledge base.</summary>
public sealed class BotKnowledgeBase
{
    public Guid BotId { get; set; }

    public Guid KnowledgeBaseId { get; set; }
}
