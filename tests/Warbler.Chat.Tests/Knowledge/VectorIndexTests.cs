using Warbler.Chat.Knowledge;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>The in-memory index: top-k by cosine similarity, as a plain loop over every vector finds them.</summary>
public sealed class VectorIndexTests
{
    [Fact]
    public void Search_ManyDocuments_FindsTheSameTopKAsAScanOfEveryVector()
    {
        var random = new Random(7);
        const int dimensions = 64;
        var documents = Enumerable.Range(0, 20).Select(_ => Document(random, 50, dimensions)).ToList();
        var index = VectorIndex.Of(documents.Select(d => new DocumentVectors(d.Id, d.ChunkIds, [.. d.Vectors.SelectMany(v => v)], dimensions)));
        var query = Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

        var hits = index.Search(query, 5);

        var expected = documents
            .SelectMany(d => d.Vectors.Select((v, i) => (d.ChunkIds[i], Cosine(v, query))))
            .OrderByDescending(x => x.Item2)
            .Take(5)
            .ToList();
        Assert.Equal(expected.Select(e => e.Item1), hits.Select(h => h.ChunkId));
        Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Item2, pair.First.Score, 4));
        Assert.Equal(1000, index.Count);
    }

    [Fact]
    public void WithAndWithout_ADocument_ItsChunksAreFoundThenNoLonger()
    {
        var near = Guid.NewGuid();
        var far = Guid.NewGuid();
        var index = VectorIndex.Empty.With(new DocumentVectors(far, [Guid.NewGuid()], [0f, 1f], 2));

        var added = index.With(new DocumentVectors(near, [Guid.NewGuid()], [3f, 0.1f], 2));
        var removed = added.Without(near);

        Assert.Equal(near, added.Search([1f, 0f], 1).Single().DocumentId);
        Assert.Equal(far, removed.Search([1f, 0f], 1).Single().DocumentId);
        Assert.Equal(1, removed.Count);
    }

    [Fact]
    public void Search_VectorsOfAnotherSize_AreLeftOut()
    {
        var index = VectorIndex.Of([new DocumentVectors(Guid.NewGuid(), [Guid.NewGuid()], [1f, 0f, 0f], 3)]);

        Assert.Empty(index.Search([1f, 0f], 3));
    }

    private static (Guid Id, Guid[] ChunkIds, float[][] Vectors) Document(Random random, int chunks, int dimensions) =>
        (Guid.NewGuid(),
         [.. Enumerable.Range(0, chunks).Select(_ => Guid.NewGuid())],
         [.. Enumerable.Range(0, chunks).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())]);

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }
}
