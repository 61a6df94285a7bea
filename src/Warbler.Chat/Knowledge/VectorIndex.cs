using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// The vectors of one knowledge base held in memory, by document: an immutable snapshot, so
/// searches read it without locks while a changed document makes the next one. A search scores
/// every vector (cosine via <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>)
/// and keeps the best k in a small heap.
/// </summary>
internal sealed class VectorIndex
{
    public static readonly VectorIndex Empty = new(ImmutableDictionary<Guid, DocumentVectors>.Empty);

    private readonly ImmutableDictionary<Guid, DocumentVectors> _documents;

    private VectorIndex(ImmutableDictionary<Guid, DocumentVectors> documents)
    {
        _documents = documents;
        Count = documents.Values.Sum(d => d.Count);
        Bytes = documents.Values.Sum(d => d.Bytes);
    }

    /// <summary>Vectors held.</summary>
    public int Count { get; }

    /// <summary>Memory the vectors and their ids take.</summary>
    public long Bytes { get; }

    public static VectorIndex Of(IEnumerable<DocumentVectors> documents) =>
        new(documents.ToImmutableDictionary(d => d.DocumentId));

    /// <summary>This index with the document's vectors put in (or replaced).</summary>
    public VectorIndex With(DocumentVectors document) => new(_documents.SetItem(document.DocumentId, document));

    /// <summary>This index without the document.</summary>
    public VectorIndex Without(Guid documentId) => _documents.ContainsKey(documentId) ? new(_documents.Remove(documentId)) : this;

    /// <summary>The <paramref name="k"/> vectors most similar to <paramref name="query"/> (scaled to length 1 here), best first.</summary>
    public List<VectorHit> Search(ReadOnlySpan<float> query, int k)
    {
        if (k <= 0 || Count == 0)
        {
            return [];
        }

        var length = TensorPrimitives.Norm(query);
        var unit = new float[query.Length];
        if (length > 0)
        {
            TensorPrimitives.Divide(query, length, unit);
        }

        // A min-heap of the best so far: its top is the one to beat.
        var best = new PriorityQueue<(DocumentVectors Document, int Row), float>(k + 1);
        foreach (var document in _documents.Values)
        {
            if (document.Dimensions != unit.Length)
            {
                continue; // Embedded by another model: not comparable.
            }

            for (var row = 0; row < document.Count; row++)
            {
                var score = TensorPrimitives.Dot(document.Row(row), unit);
                if (best.Count < k)
                {
                    best.Enqueue((document, row), score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.DequeueEnqueue((document, row), score);
                }
            }
        }

        var hits = new List<VectorHit>(best.Count);
        while (best.TryDequeue(out var hit, out var score))
        {
            hits.Add(new VectorHit(hit.Document.ChunkIds[hit.Row], hit.Document.DocumentId, score));
        }

        hits.Reverse();
        return hits;
    }
}
