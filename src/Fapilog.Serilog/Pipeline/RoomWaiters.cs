using System;
using System.Threading;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Producers that found the queue full and may wait for room (the Wait policy, and protected events), both halves:
/// the caller's bounded wait, the writer's wake after it frees slots, and the stall breaker.
/// </summary>
/// <remarks>
/// <para><b>No lost wake-up.</b> A waiter increments <see cref="Waiting"/> (a full fence) before it looks at the
/// queue under the monitor; the writer frees slots (its head store is followed by a full fence in the queue) and then
/// reads <see cref="Waiting"/>, pulsing only when someone waits. Either the waiter's look sees the freed slots, or
/// the writer sees the waiter and pulses it (the pulse is taken under the same monitor the waiter waits on).</para>
/// <para><b>Stall breaker.</b> A bounded wait that ran out records the writer's completed count. While that count
/// has not moved (a sink hangs), later callers of the same class do not wait at all: waiting the same bound again
/// would only slow the application down for nothing. Each class is cut short only by a timeout of its own class: a
/// short MaxWait running out says nothing about whether a protected event, with its longer wait, would land.
/// Infinite waits are the user's choice and are never cut short.</para>
/// </remarks>
internal sealed class RoomWaiters
{
    private const int Spins = 16;

    private readonly object _lock = new();
    private readonly PipelineCounters _counters;
    private int _waiting;
    private int _waitsStarted;

    // The writer's Completed count when a bounded wait of the class last ran out (-1: no stall seen).
    // [0] ordinary, [1] protected. Read by callers on the slow path only.
    private readonly long[] _stalledAtCompleted = { -1, -1 };

    public RoomWaiters(PipelineCounters counters) => _counters = counters;

    /// <summary>Producers now parked for room (a close gives them the drain's first moments).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Callers that began to wait for room since the pipeline started (published as a metric).</summary>
    public int WaitsStarted => Volatile.Read(ref _waitsStarted);

    /// <summary>
    /// Caller thread: waits up to <paramref name="waitMs"/> for room below <paramref name="limit"/> and enqueues.
    /// Returns <see cref="EnqueueResult.Full"/> when the wait ran out, was cut short by the stall breaker, or was
    /// interrupted.
    /// </summary>
    public EnqueueResult Enqueue(BoundedEventQueue queue, LogEvent logEvent, long limit, int waitMs, bool isProtected)
    {
        int @class = isProtected ? 1 : 0;
        if (waitMs == 0 || (waitMs > 0 && Volatile.Read(ref _stalledAtCompleted[@class]) == Volatile.Read(ref _counters.Completed)))
        {
            return EnqueueResult.Full;
        }

        EnqueueResult result;
        try
        {
            result = Wait(queue, logEvent, limit, waitMs);
        }
        catch (Exception ex) when (ex is ThreadInterruptedException or SynchronizationLockException)
        {
            return EnqueueResult.Full; // not admitted: the caller counts it as dropped
        }

        if (result == EnqueueResult.Full && waitMs > 0)
        {
            Volatile.Write(ref _stalledAtCompleted[@class], Volatile.Read(ref _counters.Completed));
        }

        return result;
    }

    /// <summary>Writer thread, after freeing slots: lets waiting producers look again (free when nobody waits).</summary>
    public void WakeAll()
    {
        if (Volatile.Read(ref _waiting) > 0)
        {
            ReleaseAll();
        }
    }

    /// <summary>Close, after the queue was closed: every waiter looks again, sees it closed, and drops (closed).</summary>
    public void ReleaseAll()
    {
        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    private EnqueueResult Wait(BoundedEventQueue queue, LogEvent logEvent, long limit, int waitMs)
    {
        Interlocked.Increment(ref _waitsStarted);

        // The writer frees a whole batch at a time, so room often appears within microseconds: spin a little
        // (without yielding the core to sleep) before paying for a park.
        var spinner = default(SpinWait);
        for (int i = 0; i < Spins; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            var result = queue.TryEnqueue(logEvent, limit);
            if (result != EnqueueResult.Full)
            {
                return result;
            }
        }

        long deadline = waitMs == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + waitMs;
        Interlocked.Increment(ref _waiting);
        try
        {
            lock (_lock)
            {
                while (true)
                {
                    var result = queue.TryEnqueue(logEvent, limit);
                    if (result != EnqueueResult.Full)
                    {
                        return result;
                    }

                    long remaining = deadline == long.MaxValue ? Timeout.Infinite : deadline - Environment.TickCount64;
                    if (deadline != long.MaxValue && remaining <= 0)
                    {
                        return EnqueueResult.Full;
                    }

                    Monitor.Wait(_lock, (int)Math.Min(remaining, int.MaxValue));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
