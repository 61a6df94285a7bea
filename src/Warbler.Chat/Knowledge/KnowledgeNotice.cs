using System.Diagnostics.CodeAnalysis;
using Warbler.Cluster;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// A knowledge base's vectors changed, as told to the other servers so they update what they
/// hold in memory: <c>doc|{base}|{document}</c> for one document, <c>base|{base}</c> for all of it.
/// </summary>
internal sealed record KnowledgeNotice(Guid KnowledgeBaseId, Guid? DocumentId)
{
    public static readonly ClusterTopic<KnowledgeNotice> Topic = new("knowledge", Format, TryParse);

    public static string Format(KnowledgeNotice notice) => notice.DocumentId is { } document
        ? $"doc|{notice.KnowledgeBaseId:N}|{document:N}"
        : $"base|{notice.KnowledgeBaseId:N}";

    public static bool TryParse(string payload, [MaybeNullWhen(false)] out KnowledgeNotice notice)
    {
        notice = null;
        var parts = payload.Split('|');
        if (parts is ["doc", var baseText, var documentText] && Guid.TryParse(baseText, out var baseId) && Guid.TryParse(documentText, out var documentId))
        {
            notice = new KnowledgeNotice(baseId, documentId);
        }
        else if (parts is ["base", var onlyBase] && Guid.TryParse(onlyBase, out var wholeBase))
        {
            notice = new KnowledgeNotice(wholeBase, null);
        }

        return notice is not null;
    }
}
