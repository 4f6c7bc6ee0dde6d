using System;
using System.Buffers;
using System.Collections.Generic;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// One encoded event held in a remote output's memory: its record bytes (in an array the item keeps between uses),
/// whether it is protected, its place in the output's order (<see cref="Sequence"/>, shared with the spool's records)
/// and when it arrived. Items and their arrays are reused (<see cref="DeliveryItemPool"/>), so holding an event
/// allocates nothing in steady state.
/// </summary>
/// <remarks>Guarded by the buffer's lock, like everything the buffer holds.</remarks>
internal sealed class DeliveryItem
{
    private byte[] _array = Array.Empty<byte>();

    /// <summary>The event's record; empty once displaced by a protected event (<see cref="IsDisplaced"/>).</summary>
    public ReadOnlySpan<byte> Record => _array.AsSpan(0, Length);

    public int Length { get; private set; }

    public bool IsDisplaced { get; private set; }

    public bool IsProtected { get; private set; }

    /// <summary>When it arrived, as a timestamp of the output's clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Arrived { get; private set; }

    /// <summary>The output's sequence number of the event: memory and spool are merged into one order by it.</summary>
    public long Sequence { get; private set; }

    // Arrays up to this size stay with the item for its next use; larger ones are rented for one use only, so the
    // spare items never pin much memory.
    private const int KeptArrayBytes = 4096;

    internal void Fill(ReadOnlySpan<byte> record, bool isProtected, long arrived, long sequence)
    {
        if (_array.Length < record.Length)
        {
            ReturnArray();
            _array = record.Length <= KeptArrayBytes
                ? new byte[Math.Max(256, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)record.Length))]
                : ArrayPool<byte>.Shared.Rent(record.Length);
        }

        record.CopyTo(_array);
        Length = record.Length;
        IsProtected = isProtected;
        Arrived = arrived;
        Sequence = sequence;
        IsDisplaced = false;
    }

    /// <summary>Drops the event; the item stays in the queue, marked, until the queue's head passes it.</summary>
    internal void Displace()
    {
        Release();
        IsDisplaced = true;
    }

    /// <summary>The event left: a large array goes back to the shared pool, a small one stays for the next use.</summary>
    internal void Release()
    {
        if (_array.Length > KeptArrayBytes)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = Array.Empty<byte>();
        }

        Length = 0;
    }

    private void ReturnArray()
    {
        if (_array.Length > KeptArrayBytes)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = Array.Empty<byte>();
    }
}

/// <summary>The buffer's spare items (guarded by the buffer's lock): a bounded stack, so a burst's items do not stay forever.</summary>
internal sealed class DeliveryItemPool
{
    private const int MaxSpare = 4096;
    private readonly Stack<DeliveryItem> _spare = new();

    public DeliveryItem Rent(ReadOnlySpan<byte> record, bool isProtected, long arrived, long sequence)
    {
        var item = _spare.Count > 0 ? _spare.Pop() : new DeliveryItem();
        item.Fill(record, isProtected, arrived, sequence);
        return item;
    }

    /// <summary>The item left every queue: it goes to the spares, with its array when that is small.</summary>
    public void Return(DeliveryItem item)
    {
        item.Release();
        if (_spare.Count < MaxSpare)
        {
            _spare.Push(item);
        }
    }
}
