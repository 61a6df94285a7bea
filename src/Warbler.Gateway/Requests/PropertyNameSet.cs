using System.Buffers;
using System.Text.Json;

namespace Warbler.Gateway.Requests;

/// <summary>
/// The property names of one JSON object read so far, to refuse a repeated one. The names' unescaped
/// UTF-8 bytes sit in pooled buffers, found through a per-process randomized hash, so reading a body
/// makes no string per property and many names cannot be made to collide. Dispose to return the buffers.
/// </summary>
internal struct PropertyNameSet : IDisposable
{
    private const int FirstCapacity = 16;

    private byte[]? _bytes;
    private int _used;
    private Entry[]? _entries;
    private int _capacity;
    private int _count;

    /// <summary>Adds the name <paramref name="reader"/> is on.</summary>
    /// <param name="reader">A reader on a property name.</param>
    /// <param name="added">False when the object had that name already.</param>
    /// <returns>The name, unescaped (valid until the next call).</returns>
    public ReadOnlySpan<byte> Add(ref Utf8JsonReader reader, out bool added)
    {
        // Unescaping never makes a name longer.
        var escapedLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var bytes = ReserveBytes(escapedLength);
        var length = reader.CopyString(bytes.AsSpan(_used));
        var name = bytes.AsSpan(_used, length);
        var hash = Hash(name);
        var entries = ReserveEntry();
        var mask = _capacity - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var entry = ref entries[i];
            if (!entry.Occupied)
            {
                entry = new Entry(hash, _used, length, Occupied: true);
                _used += length;
                _count++;
                added = true;
                return name;
            }

            if (entry.Hash == hash && bytes.AsSpan(entry.Start, entry.Length).SequenceEqual(name))
            {
                added = false;
                return name;
            }
        }
    }

    public void Dispose()
    {
        if (_bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = null;
        }

        if (_entries is not null)
        {
            ArrayPool<Entry>.Shared.Return(_entries);
            _entries = null;
        }
    }

    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = default(HashCode);
        hash.AddBytes(name);
        return hash.ToHashCode() & int.MaxValue;
    }

    private byte[] ReserveBytes(int length)
    {
        if (_bytes is null || _bytes.Length - _used < length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(256, (_used + length) * 2));
            if (_bytes is not null)
            {
                _bytes.AsSpan(0, _used).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_bytes);
            }

            _bytes = larger;
        }

        return _bytes;
    }

    /// <summary>Keeps the table at most half full, so probes stay short.</summary>
    private Entry[] ReserveEntry()
    {
        if (_entries is null)
        {
            _capacity = FirstCapacity;
            _entries = RentCleared(_capacity);
        }
        else if ((_count + 1) * 2 > _capacity)
        {
            var old = _entries;
            var oldCapacity = _capacity;
            _capacity *= 2;
            _entries = RentCleared(_capacity);
            var mask = _capacity - 1;
            foreach (var entry in old.AsSpan(0, oldCapacity))
            {
                if (entry.Occupied)
                {
                    var i = entry.Hash & mask;
                    while (_entries[i].Occupied)
                    {
                        i = (i + 1) & mask;
                    }

                    _entries[i] = entry;
                }
            }

            ArrayPool<Entry>.Shared.Return(old);
        }

        return _entries;
    }

    private static Entry[] RentCleared(int capacity)
    {
        var entries = ArrayPool<Entry>.Shared.Rent(capacity);
        Array.Clear(entries, 0, capacity);
        return entries;
    }

    private readonly record struct Entry(int Hash, int Start, int Length, bool Occupied);
}
