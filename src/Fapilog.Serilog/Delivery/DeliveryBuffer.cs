using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// A remote output's bounded buffer and its figures, both halves in one place: the pipeline's writer offers encoded
/// events (<see cref="Offer"/>), the delivery thread takes batches (<see cref="Take"/>) and completes them, and the
/// close fails what is left. One lock guards all of it, so every snapshot satisfies
/// <c>accepted == delivered + failed + dropped + pending</c> (checked in Debug at each step).
/// </summary>
/// <remarks>
/// <para>Admission never waits: the writer thread must not be held by a backend. Limits count the events waiting and
/// the batch in flight. When an event does not fit: an ordinary event is dropped (<c>buffer_full</c>); a protected
/// one displaces the oldest <em>waiting</em> ordinary events until it fits, and is dropped (displacing none) only when
/// it would not fit even with every waiting ordinary event gone. So a protected event is never dropped while an ordinary one is held in its place, and
/// the events that stay keep their order.</para>
/// <para>After <see cref="Abandon"/> (the close gave up) nothing more is counted: a late completion or request is ignored.</para>
/// </remarks>
internal sealed partial class DeliveryBuffer
{
    private readonly object _sync = new();
    private readonly int _eventLimit;
    private readonly long _bytesLimit;

    // All guarded by _sync. _waiting holds the events not yet taken, in order, plus displaced ones (Bytes null) that
    // Take skips. _ordinary holds the live ordinary events of _waiting in the same order: its head is the oldest one,
    // the first to displace, and the next ordinary event Take meets.
    private readonly Queue<DeliveryItem> _waiting = new();
    private readonly Queue<DeliveryItem> _ordinary = new();
    private readonly long[] _losses = new long[DeliveryLosses.Count];
    private long _ordinaryBytes;
    private int _waitingCount;
    private long _waitingBytes;
    private int _inFlightCount;
    private long _inFlightBytes;
    private long _accepted;
    private long _delivered;
    private long _retried;
    private long _requests;
    private bool _closed;
    private bool _abandoned;
    private string? _lastError;

    public DeliveryBuffer(int eventLimit, long bytesLimit)
    {
        _eventLimit = eventLimit;
        _bytesLimit = bytesLimit;
    }

    /// <summary>The writer's half: admits one encoded event, or drops it (or older ordinary ones) and counts why.</summary>
    public void Offer(byte[] bytes, bool isProtected, long arrived)
    {
        lock (_sync)
        {
            _accepted++;
            if (_closed)
            {
                _losses[(int)DeliveryLoss.Closed]++;
                return;
            }

            // Displacing only pays when it makes room: ordinary events are not given up for a protected one that would
            // not fit even with all of them gone (the batch in flight is never displaced).
            if (isProtected && !Fits(bytes.Length) && FitsWithout(_ordinary.Count, _ordinaryBytes, bytes.Length))
            {
                while (!Fits(bytes.Length) && _ordinary.TryDequeue(out var displaced))
                {
                    _waitingCount--;
                    _waitingBytes -= displaced.Bytes!.Length;
                    _ordinaryBytes -= displaced.Bytes!.Length;
                    displaced.Bytes = null;
                    _losses[(int)DeliveryLoss.BufferFull]++;
                }
            }

            if (!Fits(bytes.Length))
            {
                _losses[(int)DeliveryLoss.BufferFull]++;
                AssertConsistent();
                return;
            }

            var item = new DeliveryItem(bytes, isProtected, arrived);
            _waiting.Enqueue(item);
            if (!isProtected)
            {
                _ordinary.Enqueue(item);
                _ordinaryBytes += bytes.Length;
            }

            _waitingCount++;
            _waitingBytes += bytes.Length;
            AssertConsistent();
        }
    }

    /// <summary>What the batching policy needs: waiting events, their bytes, and when the oldest arrived (a timestamp).</summary>
    public (int Events, long Bytes, long Oldest) Waiting()
    {
        lock (_sync)
        {
            SkipDisplaced();
            return (_waitingCount, _waitingBytes, _waiting.TryPeek(out var head) ? head.Arrived : default);
        }
    }

    /// <summary>The delivery thread's half: moves up to one batch's worth (at least one event) in flight, in order.</summary>
    public void Take(DeliveryBatch taken, int maxEvents, long maxBytes)
    {
        var batch = taken.Items;
        lock (_sync)
        {
            Invariants.Holds(_inFlightCount == 0, "one batch in flight at a time");
            long bytes = 0;
            SkipDisplaced();
            while (batch.Count < maxEvents && _waiting.TryPeek(out var next)
                && (batch.Count == 0 || bytes + next.Bytes!.Length <= maxBytes))
            {
                _waiting.Dequeue();
                if (!next.IsProtected)
                {
                    var head = _ordinary.Dequeue();
                    Invariants.Holds(ReferenceEquals(head, next), "the ordinary lane follows the buffer's order");
                    _ordinaryBytes -= next.Bytes!.Length;
                }

                bytes += next.Bytes!.Length;
                batch.Add(next);
                SkipDisplaced();
            }

            _waitingCount -= batch.Count;
            _waitingBytes -= bytes;
            _inFlightCount = batch.Count;
            _inFlightBytes = bytes;
            taken.Changed();
            AssertConsistent();
        }
    }

    /// <summary>
    /// After a per-item answer: the events the transport did not mark are delivered, the rejected ones fail, and the
    /// ones marked for retry stay in flight, in order. Returns how many were rejected.
    /// </summary>
    public int CompletePerItem(DeliveryBatch batch, string? error)
    {
        var items = batch.Items;
        lock (_sync)
        {
            int kept = 0, rejected = 0;
            long keptBytes = 0;
            for (int i = 0; i < items.Count; i++)
            {
                switch (batch.VerdictOf(i))
                {
                    case DeliveryVerdict.Retry:
                        keptBytes += items[i].Bytes!.Length;
                        items[kept++] = items[i];
                        break;
                    case DeliveryVerdict.Rejected:
                        rejected++;
                        break;
                }
            }

            if (!_abandoned)
            {
                _delivered += items.Count - kept - rejected;
                _losses[(int)DeliveryLoss.Rejected] += rejected;
                _lastError = error ?? _lastError;
                _inFlightCount = kept;
                _inFlightBytes = keptBytes;
                AssertConsistent();
                Monitor.PulseAll(_sync);
            }

            items.RemoveRange(kept, items.Count - kept);
            batch.Changed();
            return rejected;
        }
    }

    /// <summary>The batch in flight reached the backend (<paramref name="loss"/> null) or is lost for the reason given.</summary>
    public void Complete(DeliveryLoss? loss, string? error = null)
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
            _inFlightCount = 0;
            _inFlightBytes = 0;
            AssertConsistent();
            Monitor.PulseAll(_sync);
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
                output, _accepted, _delivered, _waitingCount + _inFlightCount, _waitingBytes + _inFlightBytes,
                _retried, _requests, (long[])_losses.Clone(), breaker, _lastError);
        }
    }

    private bool Fits(int bytes) => FitsWithout(0, 0, bytes);

    /// <summary>Whether an event of <paramref name="bytes"/> would fit once that many waiting events were gone.</summary>
    private bool FitsWithout(int events, long eventBytes, int bytes) =>
        _waitingCount + _inFlightCount - events < _eventLimit && _waitingBytes + _inFlightBytes - eventBytes + bytes <= _bytesLimit;

    private void SkipDisplaced()
    {
        while (_waiting.TryPeek(out var head) && head.Bytes is null)
        {
            _waiting.Dequeue();
        }
    }

    [Conditional("DEBUG")]
    private void AssertConsistent()
    {
        long lost = 0;
        foreach (long n in _losses)
        {
            lost += n;
        }

        Invariants.Holds(_accepted == _delivered + lost + _waitingCount + _inFlightCount, "accepted == delivered + failed + dropped + pending");
    }
}
