using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// One document's chunk vectors in one contiguous array, each scaled to length 1 so that a dot
/// product is the cosine similarity.
/// </summary>
internal sealed class DocumentVectors
{
    private readonly float[] _data;

    public DocumentVectors(Guid documentId, Guid[] chunkIds, float[] data, int dimensions)
    {
        if (data.Length != chunkIds.Length * dimensions)
        {
            throw new ArgumentException($"{chunkIds.Length} vectors of {dimensions} dimensions need {chunkIds.Length * dimensions} values, not {data.Length}.", nameof(data));
        }

        DocumentId = documentId;
        ChunkIds = chunkIds;
        Dimensions = dimensions;
        _data = data;
        for (var row = 0; row < chunkIds.Length; row++)
        {
            var vector = _data.AsSpan(row * dimensions, dimensions);
            var length = TensorPrimitives.Norm(vector);
            if (length > 0)
            {
                TensorPrimitives.Divide(vector, length, vector);
            }
        }
    }

    public Guid DocumentId { get; }

    public Guid[] ChunkIds { get; }

    public int Dimensions { get; }

    public int Count => ChunkIds.Length;

    /// <summary>Bytes held: the vectors and the chunk ids.</summary>
    public long Bytes => (long)_data.Length * sizeof(float) + (long)ChunkIds.Length * 16;

    /// <summary>Row <paramref name="row"/>'s vector.</summary>
    public ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * Dimensions, Dimensions);

    /// <summary>Reads stored vectors (little-endian float32 bytes) into one array.</summary>
    public static DocumentVectors FromStored(Guid documentId, IReadOnlyList<(Guid ChunkId, byte[] Vector)> chunks, int dimensions)
    {
        var data = new float[chunks.Count * dimensions];
        var ids = new Guid[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            ids[i] = chunks[i].ChunkId;
            MemoryMarshal.Cast<byte, float>(chunks[i].Vector.AsSpan()).CopyTo(data.AsSpan(i * dimensions, dimensions));
        }

        return new DocumentVectors(documentId, ids, data, dimensions);
    }
}
