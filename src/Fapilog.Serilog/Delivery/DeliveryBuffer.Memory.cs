using System.Collections.Generic;

namespace Fapilog.Serilog.Delivery;

/// <summary>The memory lane: admission within its limits, protected displacement, and taking back what the spool could not write.</summary>
internal sealed partial class DeliveryBuffer
{
    /// <summary>Admits one event to memory, displacing waiting ordinary events for a protected one when that makes room.</summary>
    private void AdmitToMemory(DeliveryItem item)
    {
        int length = item.Length;

        // Displacing only pays when it makes room: ordinary events are not given up for a protected one that would
        // not fit even with all of them gone (the batch in flight is never displaced).
        if (item.IsProtected && !Fits(length) && FitsWithout(_ordinary.Count, _ordinaryBytes, length))
        {
            while (!Fits(length) && _ordinary.TryDequeue(out var displaced))
            {
                _waitingCount--;
                _waitingBytes -= displaced.Length;
                _ordinaryBytes -= displaced.Length;
                displaced.Displace();
                _losses[(int)DeliveryLoss.BufferFull]++;
            }
        }

        if (!Fits(length))
        {
            _losses[(int)DeliveryLoss.BufferFull]++;
            _items.Return(item);
            return;
        }

        _waiting.Enqueue(item);
        if (!item.IsProtected)
        {
            _ordinary.Enqueue(item);
            _ordinaryBytes += length;
        }

        _waitingCount++;
        _waitingBytes += length;
    }

    /// <summary>
    /// Puts events the spool failed to write into memory at their place in the order (they are older than any event
    /// offered after them), each admitted under memory's own rules. A rare path: it rebuilds the queues.
    /// </summary>
    private void AdmitToMemoryInOrder(List<DeliveryItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var later = new List<DeliveryItem>();
        var kept = new List<DeliveryItem>();
        while (_waiting.TryDequeue(out var held))
        {
            if (!held.IsDisplaced)
            {
                (held.Sequence > items[0].Sequence ? later : kept).Add(held);
            }
            else
            {
                _items.Return(held);
            }
        }

        _ordinary.Clear();
        _waitingCount = 0;
        _waitingBytes = _ordinaryBytes = 0;
        foreach (var held in kept)
        {
            Requeue(held);
        }

        // Merge the spool's leftovers with the later memory events by sequence number.
        int a = 0, b = 0;
        while (a < items.Count || b < later.Count)
        {
            if (b == later.Count || (a < items.Count && items[a].Sequence < later[b].Sequence))
            {
                AdmitToMemory(items[a++]);
            }
            else
            {
                Requeue(later[b++]);
            }
        }
    }

    private void Requeue(DeliveryItem held)
    {
        _waiting.Enqueue(held);
        if (!held.IsProtected)
        {
            _ordinary.Enqueue(held);
            _ordinaryBytes += held.Length;
        }

        _waitingCount++;
        _waitingBytes += held.Length;
    }

    private bool Fits(int bytes) => FitsWithout(0, 0, bytes);

    /// <summary>Whether an event of <paramref name="bytes"/> would fit once that many waiting events were gone.</summary>
    private bool FitsWithout(int events, long eventBytes, int bytes) =>
        _waitingCount + _inFlightCount - _inFlightFromSpool - events < _eventLimit
        && _waitingBytes + MemoryInFlightBytes - eventBytes + bytes <= _bytesLimit;

    private void SkipDisplaced()
    {
        while (_waiting.TryPeek(out var head) && head.IsDisplaced)
        {
            _items.Return(_waiting.Dequeue());
        }
    }
}
