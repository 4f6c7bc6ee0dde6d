using System;
using System.Buffers;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// A growable UTF-8 buffer rented from the shared pool and reused for every batch, so that formatting a batch
/// allocates nothing in steady state. Unlike <see cref="ArrayBufferWriter{T}"/> it can drop a prefix, which the
/// batch encoder needs when an output cuts a chunk in the middle (the file at a size roll).
/// </summary>
/// <remarks>Not thread-safe: owned by one output and used under its lock.</remarks>
internal sealed class PooledByteBuffer : IBufferWriter<byte>, IDisposable
{
    private const int MinimumSize = 16 * 1024;

    private byte[] _array;
    private int _count;

    public PooledByteBuffer(int initialSize = MinimumSize)
        => _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, MinimumSize));

    public int Count => _count;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _count);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _count);

    public void Advance(int count)
    {
        if (count < 0 || _count + count > _array.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_count);
    }

    public void Clear() => _count = 0;

    /// <summary>Forgets everything after the first <paramref name="count"/> bytes.</summary>
    public void Truncate(int count) => _count = Math.Clamp(count, 0, _count);

    /// <summary>Drops the first <paramref name="count"/> bytes, keeping what follows them.</summary>
    public void RemovePrefix(int count)
    {
        if (count <= 0)
        {
            return;
        }

        Buffer.BlockCopy(_array, count, _array, 0, _count - count);
        _count -= count;
    }

    public void Dispose()
    {
        var array = _array;
        _array = Array.Empty<byte>();
        _count = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_array.Length - _count >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _count + needed));
        Buffer.BlockCopy(_array, 0, bigger, 0, _count);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
