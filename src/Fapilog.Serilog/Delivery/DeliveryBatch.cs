using System;
using System.Collections.Generic;

namespace Fapilog.Serilog.Delivery;

/// <summary>What a transport may say of one event after a request that the backend answered item by item.</summary>
internal enum DeliveryVerdict : byte
{
    /// <summary>The backend took it (the default: an event the transport does not mark counts as delivered).</summary>
    Delivered,

    /// <summary>Worth another try: the backend refused it for now (a 429 or 5xx item of a bulk response).</summary>
    Retry,

    /// <summary>Refused for good (a 4xx item): failed as <c>rejected</c>, never sent again.</summary>
    Rejected,
}

/// <summary>
/// The batch in flight, as its transport sees it: each event's exact record bytes in order, and, after a request the
/// backend answered per item (<see cref="DeliveryOutcomeKind.PerItem"/>), a verdict for each.
/// </summary>
/// <remarks>
/// The delivery thread's own. <see cref="Version"/> changes whenever the events in the batch change (a new batch, or
/// the delivered and rejected ones taken out after a per-item answer), so a transport that builds its request body once
/// per version sends exactly the same bytes on every retry of the same events.
/// </remarks>
internal sealed class DeliveryBatch
{
    private readonly List<DeliveryItem> _items = new();
    private DeliveryVerdict[] _verdicts = new DeliveryVerdict[16];

    public int Count => _items.Count;

    public long Version { get; private set; }

    /// <summary>Event <paramref name="index"/>'s record, as its output's formatter wrote it.</summary>
    public ReadOnlySpan<byte> this[int index] => _items[index].Bytes!;

    public bool IsProtected(int index) => _items[index].IsProtected;

    /// <summary>Marks event <paramref name="index"/> for another try (then return <see cref="DeliveryOutcome.PerItem"/>).</summary>
    public void Retry(int index) => Mark(index, DeliveryVerdict.Retry);

    /// <summary>Marks event <paramref name="index"/> as refused for good (then return <see cref="DeliveryOutcome.PerItem"/>).</summary>
    public void Reject(int index) => Mark(index, DeliveryVerdict.Rejected);

    public DeliveryVerdict VerdictOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_items.Count, nameof(index));
        return _verdicts[index];
    }

    internal List<DeliveryItem> Items => _items;

    internal DeliveryItem ItemAt(int index) => _items[index];

    /// <summary>Called by the buffer after it changed <see cref="Items"/>: a new version, every verdict back to delivered.</summary>
    internal void Changed()
    {
        Version++;
        if (_verdicts.Length < _items.Count)
        {
            _verdicts = new DeliveryVerdict[Math.Max(_items.Count, _verdicts.Length * 2)];
        }

        Array.Clear(_verdicts, 0, _items.Count);
    }

    /// <summary>Empties the batch once it is settled.</summary>
    internal void Clear()
    {
        _items.Clear();
        Changed();
    }

    /// <summary>Clears the verdicts of an attempt that the backend did not answer per item.</summary>
    internal void ClearVerdicts() => Array.Clear(_verdicts, 0, _items.Count);

    private void Mark(int index, DeliveryVerdict verdict)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_items.Count, nameof(index));
        _verdicts[index] = verdict;
    }
}
