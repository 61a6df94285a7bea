using System.Diagnostics;
using Warbler.Chat.Knowledge;

namespace Warbler.Bench.Knowledge;

/// <summary>
/// Retrieval over the in-memory index Warbler uses: <c>chunks</c> random vectors of
/// <c>dimensions</c> in documents of 100 chunks, top-k by cosine. The baseline, measured in the
/// same run on the same vectors, is a naive scalar loop that scores every vector and sorts them all.
/// </summary>
internal static class RetrievalBenchmark
{
    private const int ChunksPerDocument = 100;

    public static void Run(int chunks, int dimensions, int queries, int top, TextWriter report)
    {
        var random = new Random(42);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var documents = new List<DocumentVectors>();
        for (var made = 0; made < chunks; made += ChunksPerDocument)
        {
            var count = Math.Min(ChunksPerDocument, chunks - made);
            var data = new float[count * dimensions];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = random.NextSingle() - 0.5f;
            }

            documents.Add(new DocumentVectors(Guid.NewGuid(), [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())], data, dimensions));
        }

        var index = VectorIndex.Of(documents);
        var built = Stopwatch.GetElapsedTime(started);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        report.WriteLine($"index: {index.Count:N0} vectors of {dimensions} dimensions in {documents.Count:N0} documents, built in {built.TotalSeconds:0.0} s");
        report.WriteLine($"index memory: {(after - before) / 1048576.0:N0} MiB measured (GC heap growth), {index.Bytes / 1048576.0:N0} MiB of vectors and ids; {(double)(after - before) / index.Count:N0} bytes a chunk");

        var questions = Enumerable.Range(0, queries + 10).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextSingle() - 0.5f).ToArray()).ToList();
        foreach (var warmUp in questions.Take(10))
        {
            index.Search(warmUp, top);
        }

        var timings = new List<double>();
        foreach (var question in questions.Skip(10))
        {
            var start = Stopwatch.GetTimestamp();
            index.Search(question, top);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        report.WriteLine($"retrieval, top {top} (TensorPrimitives.Dot, heap of k): {Percentiles.Of(timings)}");

        // The baseline is slow: fewer queries, and its answers checked against the index's.
        var baselineQueries = Math.Max(5, queries / 10);
        var naive = new List<double>();
        foreach (var question in questions.Skip(10).Take(baselineQueries))
        {
            var start = Stopwatch.GetTimestamp();
            var found = NaiveSearch(documents, question, top);
            naive.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var indexed = index.Search(question, top).Select(h => h.ChunkId);
            if (!found.SequenceEqual(indexed))
            {
                throw new InvalidOperationException("The index and the naive loop found different chunks.");
            }
        }

        report.WriteLine($"baseline, naive scalar loop and full sort: {Percentiles.Of(naive)}");
        GC.KeepAlive(index);
    }

    /// <summary>Every vector scored with a plain loop (cosine with both norms), then all sorted.</summary>
    private static List<Guid> NaiveSearch(List<DocumentVectors> documents, float[] query, int top)
    {
        var scores = new List<(float Score, Guid Id)>();
        foreach (var document in documents)
        {
            for (var row = 0; row < document.Count; row++)
            {
                var vector = document.Row(row);
                float dot = 0, vectorNorm = 0, queryNorm = 0;
                for (var i = 0; i < vector.Length; i++)
                {
                    dot += vector[i] * query[i];
                    vectorNorm += vector[i] * vector[i];
                    queryNorm += query[i] * query[i];
                }

                scores.Add((dot / MathF.Sqrt(vectorNorm * queryNorm), document.ChunkIds[row]));
            }
        }

        scores.Sort((a, b) => b.Score.CompareTo(a.Score));
        return [.. scores.Take(top).Select(s => s.Id)];
    }
}
