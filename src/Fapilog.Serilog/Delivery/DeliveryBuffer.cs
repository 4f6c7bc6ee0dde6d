using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// A remote output's bounded buffer and its figures, both halves in one place: the pipeline's writer offers encoded
/// events (<see cref="Offer"/>, then <see cref="EndOffers"/>), the delivery thread takes batches (<see cref="Take"/>)
/// and completes them, and the close fails what is left. One lock guards all of it, so every snapshot satisfies
/// <c>accepted == delivered + failed + dropped + pending</c> (checked in Debug at each step).
/// </summary>
/// <remarks>
/// <para>Two lanes hold what waits: memory, and the disk spool when there is one (<c>DeliveryBuffer.Spool.cs</c>).
/// Each event gets the next sequence number and goes to the spool when the spool covers it and has room, else to
/// memory. <see cref="Take"/> merges the lanes by sequence number, so events leave in the order they came whichever
/// lane held them; only events whose whole <see cref="EndOffers"/> has published are taken.</para>
/// <para>Memory admission never waits: the writer thread must not be held by a backend. Its limits count the events
/// waiting in memory and the batch in flight. When an event does not fit: an ordinary event is dropped
/// (<c>buffer_full</c>); a protected one displaces the oldest <em>waiting</em> ordinary events until it fits, and is
/// dropped (displacing none) only when it would not fit even with every waiting ordinary event gone. So a protected
/// event is never dropped while an ordinary one is held in its place, and the events that stay keep their order.</para>
/// <para>After <see cref="Abandon"/> (the close gave up) nothing more is counted: a late completion or request is ignored.</para>
/// </remarks>
internal sealed partial class DeliveryBuffer
{
    private readonly object _sync = new();
    private readonly int _eventLimit;
    private readonly long _bytesLimit;

    // All guarded by _sync. _waiting holds the memory lane's events not yet taken, in order, plus displaced ones
    // (marked displaced) that Take skips. _ordinary holds the live ordinary events of _waiting in the same order: its head is
    // the oldest one, the first to displace.
    private readonly Queue<DeliveryItem> _waiting = new();
    private readonly Queue<DeliveryItem> _ordinary = new();
    private readonly long[] _losses = new long[DeliveryLosses.Count];
    private readonly DeliveryItemPool _items = new();
    private long _ordinaryBytes;
    private int _waitingCount;
    private long _waitingBytes;
    private int _inFlightCount;
    private long _inFlightBytes;
    private int _inFlightFromSpool;
    private long _inFlightSpoolBytes;
    private long _accepted;
    private long _delivered;
    private long _retried;
    private long _requests;
    private long _nextSequence = 1;
    private long _publishedSequence = 1;
    private bool _closed;
    private bool _abandoned;
    private string? _lastError;

    public DeliveryBuffer(int eventLimit, long bytesLimit, DiskSpool? spool = null, FapilogSpoolMode mode = FapilogSpoolMode.Off)
    {
        _eventLimit = eventLimit;
        _bytesLimit = bytesLimit;
        AttachSpool(spool, mode);
    }

    /// <summary>The writer's half: admits one encoded event to a lane, or drops it (or older ordinary ones) and counts why.</summary>
    public void Offer(ReadOnlySpan<byte> bytes, bool isProtected, long arrived)
    {
        lock (_sync)
        {
            _accepted++;
            if (_closed)
            {
                _losses[(int)DeliveryLoss.Closed]++;
                return;
            }

            long sequence = _nextSequence++;
            if (!TryStageOnSpool(bytes, isProtected, sequence, arrived))
            {
                AdmitToMemory(_items.Rent(bytes, isProtected, arrived, sequence));

                // With no spool record staged before it, nothing older is still unpublished: takeable at once.
                if (_stagedArrivals.Count == 0)
                {
                    _publishedSequence = _nextSequence;
                }
            }

            AssertConsistent();
        }
    }

    /// <summary>What the batching policy needs: waiting events, their bytes, and when the oldest arrived (a timestamp).</summary>
    public (int Events, long Bytes, long Oldest) Waiting()
    {
        lock (_sync)
        {
            SkipDisplaced();
            long oldest = _waiting.TryPeek(out var head) ? head.Arrived : _spoolOldest;
            if (_spoolWaiting > 0 && _spoolOldest < oldest)
            {
                oldest = _spoolOldest;
            }

            return (_waitingCount + _spoolWaiting, _waitingBytes + _spoolWaitingBytes, oldest);
        }
    }

    /// <summary>
    /// The delivery thread's half: moves up to one batch's worth (at least one event) in flight, merging memory and
    /// the spool in sequence order.
    /// </summary>
    public void Take(DeliveryBatch batch, int maxEvents, long maxBytes)
    {
        lock (_sync)
        {
            Invariants.Holds(_inFlightCount == 0, "one batch in flight at a time");
            if (_abandoned)
            {
                return;
            }

            long bytes = 0;
            while (batch.Count < maxEvents)
            {
                SkipDisplaced();
                bool fromMemory = _waiting.TryPeek(out var next) && next.Sequence < _publishedSequence;
                if (PeekSpool(out int spoolLength, out bool spoolProtected, out long spoolSequence)
                    && (!fromMemory || spoolSequence < next!.Sequence))
                {
                    if (batch.Count > 0 && bytes + spoolLength > maxBytes)
                    {
                        break;
                    }

                    TakeFromSpool(batch, spoolProtected);
                    bytes += spoolLength;
                    continue;
                }

                if (!fromMemory || next is null || (batch.Count > 0 && bytes + next.Length > maxBytes))
                {
                    break;
                }

                _waiting.Dequeue();
                if (!next.IsProtected)
                {
                    var head = _ordinary.Dequeue();
                    Invariants.Holds(ReferenceEquals(head, next), "the ordinary lane follows the buffer's order");
                    _ordinaryBytes -= next.Length;
                }

                _waitingCount--;
                _waitingBytes -= next.Length;
                bytes += next.Length;
                batch.Add(next.Record, next.IsProtected, fromSpool: false);
                _items.Return(next);
            }

            _inFlightCount = batch.Count;
            _inFlightBytes = bytes;
            _inFlightFromSpool = batch.FromSpool;
            _inFlightSpoolBytes = batch.FromSpoolBytes;
            batch.Changed();
            AssertConsistent();
        }
    }

    /// <summary>The batch in flight reached the backend (<paramref name="loss"/> null) or is lost for the reason given.</summary>
    public void Complete(DeliveryBatch batch, DeliveryLoss? loss, string? error = null)
    {
        lock (_sync)
        {
            if (_abandoned)
            {
                return;
            }

            if (loss is { } reason)
            {
                _losses[(int)reason] += _inFlightCount;
            }
            else
            {
                _delivered += _inFlightCount;
            }

            _lastError = error ?? _lastError;
            _inFlightCount = _inFlightFromSpool = 0;
            _inFlightBytes = _inFlightSpoolBytes = 0;
            CommitSpool(batch);
            AssertConsistent();
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// After a per-item answer: the events the transport did not mark are delivered, the rejected ones fail, and the
    /// ones marked for retry stay in flight, in order. Returns how many were rejected.
    /// </summary>
    public int CompletePerItem(DeliveryBatch batch, string? error)
    {
        lock (_sync)
        {
            int retried = 0, rejected = 0;
            long retriedBytes = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                switch (batch.VerdictOf(i))
                {
                    case DeliveryVerdict.Retry:
                        retried++;
                        retriedBytes += batch.LengthOf(i);
                        break;
                    case DeliveryVerdict.Rejected:
                        rejected++;
                        break;
                }
            }

            int total = batch.Count;
            batch.KeepRetried();
            if (!_abandoned)
            {
                _delivered += total - retried - rejected;
                _losses[(int)DeliveryLoss.Rejected] += rejected;
                _lastError = error ?? _lastError;
                _inFlightCount = retried;
                _inFlightBytes = retriedBytes;
                _inFlightFromSpool = batch.FromSpool;
                _inFlightSpoolBytes = batch.FromSpoolBytes;
                if (retried == 0)
                {
                    CommitSpool(batch);
                }

                AssertConsistent();
                Monitor.PulseAll(_sync);
            }

            return rejected;
        }
    }

    /// <summary>One request was sent; <paramref name="retry"/> when it repeats a batch already tried.</summary>
    public void CountRequest(bool retry, string? error)
    {
        lock (_sync)
        {
            if (_abandoned)
            {
                return;
            }

            _requests++;
            _retried += retry ? 1 : 0;
            _lastError = error ?? _lastError;
        }
    }

    public DeliveryStats Snapshot(string output, DeliveryBreakerState breaker)
    {
        lock (_sync)
        {
            return new DeliveryStats(
                output, _accepted, _delivered, Pending, _waitingBytes + _spoolWaitingBytes + _inFlightBytes,
                _retried, _requests, (long[])_losses.Clone(), breaker, _lastError, SpoolFigures());
        }
    }

    /// <summary>Every event held: waiting in memory or the spool, in flight, or left in the spool by an abandoned close.</summary>
    private long Pending => _waitingCount + _spoolWaiting + _inFlightCount + _leftInSpool;

    [Conditional("DEBUG")]
    private void AssertConsistent()
    {
        long lost = 0;
        foreach (long n in _losses)
        {
            lost += n;
        }

        Invariants.Holds(_accepted == _delivered + lost + Pending, "accepted == delivered + failed + dropped + pending");
    }
}
