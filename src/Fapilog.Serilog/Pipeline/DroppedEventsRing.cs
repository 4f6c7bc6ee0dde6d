using System;
using System.Threading;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Where callers leave the events they dropped for the failure listener: a small bounded ring, so that a caller never
/// allocates, does I/O or calls the listener; the writer (or, once it has exited, whoever drains) hands them over in
/// batches. A drop that finds the ring full is still counted as dropped; how many were not handed over is reported.
/// </summary>
internal sealed class DroppedEventsRing
{
    public const int Size = 1024;

    private readonly BoundedEventQueue _ring = new(Size);
    private readonly object _drainLock = new();
    private readonly LogEvent?[] _buffer = new LogEvent?[Size]; // under _drainLock, so one buffer serves every drain
    private long _notHanded;                                     // Interlocked: drops the ring had no room for

    /// <summary>Whether drops wait to be handed over.</summary>
    public bool HasEvents => _ring.Depth > 0;

    /// <summary>Caller thread: leaves a dropped event; false (counted as not handed over) when the ring is full.</summary>
    public bool Offer(LogEvent logEvent)
    {
        if (_ring.TryEnqueue(logEvent, Size) == EnqueueResult.Enqueued)
        {
            return true;
        }

        Interlocked.Increment(ref _notHanded);
        return false;
    }

    /// <summary>
    /// Hands every waiting drop to <paramref name="report"/> in batches, and the count of drops not handed over to
    /// <paramref name="notHanded"/>. Unless <paramref name="wait"/>, returns at once when another thread is draining
    /// (a stuck writer may hold the lock, inside the listener).
    /// </summary>
    public void Drain(Action<LogEvent[]> report, Action<long> notHanded, bool wait = true)
    {
        if (!HasEvents && Volatile.Read(ref _notHanded) == 0)
        {
            return;
        }

        if (wait)
        {
            Monitor.Enter(_drainLock);
        }
        else if (!Monitor.TryEnter(_drainLock))
        {
            return;
        }

        try
        {
            long lost = Interlocked.Exchange(ref _notHanded, 0);
            if (lost > 0)
            {
                notHanded(lost);
            }

            int taken;
            while ((taken = _ring.DequeueInto(_buffer)) > 0)
            {
                var events = new LogEvent[taken];
                for (int i = 0; i < taken; i++)
                {
                    events[i] = _buffer[i]!;
                    _buffer[i] = null;
                }

                report(events);
            }
        }
        finally
        {
            Monitor.Exit(_drainLock);
        }
    }
}
