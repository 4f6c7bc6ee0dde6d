using System;
using Fapilog.Serilog.Delivery.Spool;
using Fapilog.Serilog.Outputs;

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
/// The delivery thread's own. The records are copied into one reused buffer, whether they came from memory or from
/// the spool. <see cref="Version"/> changes whenever the events in the batch change (a new batch, or the delivered
/// and rejected ones taken out after a per-item answer), so a transport that builds its request body once per
/// version sends exactly the same bytes on every retry of the same events.
/// </remarks>
internal sealed class DeliveryBatch : IDisposable
{
    private readonly PooledByteBuffer _bytes = new();
    private Entry[] _entries = new Entry[16];
    private DeliveryVerdict[] _verdicts = new DeliveryVerdict[16];
    private int _count;

    public int Count => _count;

    public long Version { get; private set; }

    /// <summary>Event <paramref name="index"/>'s record, as its output's formatter wrote it.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            var e = _entries[index];
            return _bytes.WrittenSpan.Slice(e.Offset, e.Length);
        }
    }

    public bool IsProtected(int index) => _entries[index].IsProtected;

    /// <summary>Marks event <paramref name="index"/> for another try (then return <see cref="DeliveryOutcome.PerItem"/>).</summary>
    public void Retry(int index) => Mark(index, DeliveryVerdict.Retry);

    /// <summary>Marks event <paramref name="index"/> as refused for good (then return <see cref="DeliveryOutcome.PerItem"/>).</summary>
    public void Reject(int index) => Mark(index, DeliveryVerdict.Rejected);

    public DeliveryVerdict VerdictOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return _verdicts[index];
    }

    /// <summary>How many of the events came from the spool.</summary>
    internal int FromSpool { get; private set; }

    /// <summary>The record bytes of the events that came from the spool.</summary>
    internal long FromSpoolBytes { get; private set; }

    /// <summary>Where the spool's records of this batch end: committed once the batch is settled.</summary>
    internal SpoolPosition? SpoolEnd { get; set; }

    internal bool IsFromSpool(int index) => _entries[index].FromSpool;

    internal int LengthOf(int index) => _entries[index].Length;

    internal void Add(ReadOnlySpan<byte> record, bool isProtected, bool fromSpool)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
            Array.Resize(ref _verdicts, _count * 2);
        }

        _entries[_count++] = new Entry(_bytes.Count, record.Length, isProtected, fromSpool);
        record.CopyTo(_bytes.GetSpan(record.Length));
        _bytes.Advance(record.Length);
        FromSpool += fromSpool ? 1 : 0;
        FromSpoolBytes += fromSpool ? record.Length : 0;
    }

    /// <summary>Called by the buffer once it has filled or trimmed the batch: a new version, every verdict back to delivered.</summary>
    internal void Changed()
    {
        Version++;
        Array.Clear(_verdicts, 0, _count);
    }

    /// <summary>Keeps only the events marked for retry, in order (their bytes stay where they are).</summary>
    internal void KeepRetried()
    {
        int kept = 0, spool = 0;
        long spoolBytes = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_verdicts[i] == DeliveryVerdict.Retry)
            {
                spool += _entries[i].FromSpool ? 1 : 0;
                spoolBytes += _entries[i].FromSpool ? _entries[i].Length : 0;
                _entries[kept++] = _entries[i];
            }
        }

        _count = kept;
        FromSpool = spool;
        FromSpoolBytes = spoolBytes;
        Changed();
    }

    /// <summary>Empties the batch once it is settled.</summary>
    internal void Clear()
    {
        _count = 0;
        FromSpool = 0;
        FromSpoolBytes = 0;
        SpoolEnd = null;
        _bytes.Clear();
        Changed();
    }

    /// <summary>Clears the verdicts of an attempt that the backend did not answer per item.</summary>
    internal void ClearVerdicts() => Array.Clear(_verdicts, 0, _count);

    public void Dispose() => _bytes.Dispose();

    private void Mark(int index, DeliveryVerdict verdict)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        _verdicts[index] = verdict;
    }

    private readonly record struct Entry(int Offset, int Length, bool IsProtected, bool FromSpool);
}
