using System;
using System.Numerics;
using System.Threading;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// A bounded multi-producer, single-consumer FIFO ring of <see cref="LogEvent"/> references.
/// </summary>
/// <remarks>
/// <para><b>Admission.</b> A producer claims position <c>t</c> with one compare-and-swap on <see cref="_tail"/>,
/// and only while <c>t - released &lt; limit</c>. The limit is per call (ordinary events see less room than
/// protected ones), and because <c>limit ≤ QueueLimit ≤ capacity</c>, the slot of a claimed position is always
/// already free: no producer ever waits for a slot after claiming it.</para>
/// <para><b>Publication.</b> After the claim the producer stores the event, then publishes the slot with a
/// release-write of <c>t + 1</c> into the slot's sequence. The consumer reads slots in position order and stops
/// at the first unpublished one, so order is the order of claims (one FIFO for every level).</para>
/// <para><b>Closing.</b> <see cref="ClosedBit"/> lives in the same word as the tail, so closing and admission are
/// ordered by that one word: after <see cref="Close"/> returns, no producer can claim a position.</para>
/// </remarks>
internal sealed class BoundedEventQueue
{
    internal const long ClosedBit = 1L << 62;

    private readonly Slot[] _slots;
    private readonly long _mask;

    // Written by producers (CAS), read by everyone: the next position to claim, plus ClosedBit.
    private PaddedLong _tail;

    // Written by the consumer only (Interlocked.Exchange, a full fence that pairs with the producers'
    // waiter count and with their CAS), read by producers: every position below it is free for reuse.
    private PaddedLong _released;

    // The consumer's next position to read. Consumer-only (close reads it once the consumer is stuck); padded
    // so that its write once per batch does not evict the line producers read _slots and _mask from.
    private PaddedLong _head;

    public BoundedEventQueue(int queueLimit)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, queueLimit));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Positions claimed so far (events admitted), whether or not the queue is closed.</summary>
    public long Claimed => Volatile.Read(ref _tail.Value) & ~ClosedBit;

    public bool IsClosed => (Volatile.Read(ref _tail.Value) & ClosedBit) != 0;

    /// <summary>Events admitted and not yet taken by the consumer (approximate while producers run).</summary>
    public long Depth => Claimed - Volatile.Read(ref _released.Value);

    /// <summary>The consumer's position: how many events it has taken. Consumer thread only.</summary>
    public long Head => Volatile.Read(ref _head.Value);

    /// <summary>Tries to admit <paramref name="logEvent"/> while fewer than <paramref name="limit"/> events are queued.</summary>
    public EnqueueResult TryEnqueue(LogEvent logEvent, long limit)
    {
        while (true)
        {
            long tail = Volatile.Read(ref _tail.Value);
            if ((tail & ClosedBit) != 0)
            {
                return EnqueueResult.Closed;
            }

            // _released only grows, so a value read before the CAS below can only over-estimate the depth at
            // the moment of the CAS: admission never lets more than `limit` events in.
            if (tail - Volatile.Read(ref _released.Value) >= limit)
            {
                return EnqueueResult.Full;
            }

            if (Interlocked.CompareExchange(ref _tail.Value, tail + 1, tail) == tail)
            {
                ref Slot slot = ref _slots[tail & _mask];
                slot.Event = logEvent;
                Volatile.Write(ref slot.Sequence, tail + 1);
                return EnqueueResult.Enqueued;
            }
        }
    }

    /// <summary>Stops admission. Returns the final number of claimed positions.</summary>
    public long Close() => Interlocked.Or(ref _tail.Value, ClosedBit) & ~ClosedBit;

    /// <summary>
    /// Whether a producer has claimed a position that the consumer has not taken yet. Unlike a look at the
    /// slots, this also sees a claim whose event is not published yet. Consumer thread only.
    /// </summary>
    public bool HasPending => Claimed != _head.Value;

    /// <summary>
    /// Moves up to <c>destination.Length</c> published events, in order, into <paramref name="destination"/>
    /// and frees their slots. Consumer thread only.
    /// </summary>
    /// <returns>How many events were taken; the first one has position <see cref="Head"/> before the call.</returns>
    public int DequeueInto(Span<LogEvent?> destination)
    {
        long head = _head.Value;
        int count = 0;
        while (count < destination.Length)
        {
            ref Slot slot = ref _slots[head & _mask];
            if (Volatile.Read(ref slot.Sequence) != head + 1)
            {
                break;
            }

            destination[count++] = slot.Event;
            slot.Event = null;
            head++;
        }

        if (count > 0)
        {
            _head.Value = head;
            Interlocked.Exchange(ref _released.Value, head);
        }

        return count;
    }

    /// <summary>
    /// The events still in the ring, in order, for close to attribute what it abandons. Any thread, but only
    /// once admission is closed and the consumer is stuck: a slot that is not published reads as null.
    /// </summary>
    public void VisitQueued(Action<LogEvent?> visit)
    {
        long end = Claimed;
        for (long position = Volatile.Read(ref _released.Value); position < end; position++)
        {
            ref Slot slot = ref _slots[position & _mask];
            visit(Volatile.Read(ref slot.Sequence) == position + 1 ? Volatile.Read(ref slot.Event) : null);
        }
    }

    private struct Slot
    {
        public LogEvent? Event;

        // Position + 1 once the slot holds the event of that position; written by its producer with
        // release semantics after Event, read by the consumer with acquire semantics before Event.
        public long Sequence;
    }
}

/// <summary>The outcome of <see cref="BoundedEventQueue.TryEnqueue"/>.</summary>
internal enum EnqueueResult
{
    Enqueued,
    Full,
    Closed,
}
