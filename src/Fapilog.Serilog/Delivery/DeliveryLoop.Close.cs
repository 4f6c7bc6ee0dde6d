using System;
using System.Diagnostics;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>The delivery thread's deep flush and close: what other threads ask of it, and the bounds they wait within.</summary>
internal sealed partial class DeliveryLoop
{
    // The last part of the close's bound, kept for the thread to leave once the request in flight is cancelled: only a
    // transport slow to honour its cancellation needs it. Inside the bound, so the close never outlasts CloseTimeout.
    private static readonly TimeSpan MaxExitGrace = TimeSpan.FromSeconds(2);

    // The closing thread's own: the close began (0/1, so BeginClose runs once), when (real time), and its bound's timer.
    private int _closeBegun;
    private long _closeStartedAt;
    private ITimer? _bound;

    // Raised by a deep flush (the accepted count it waits for), read by the delivery thread: while the buffer has settled
    // fewer events than this, partial batches go at once.
    private long _flushTarget;

    /// <summary>
    /// Sends what is held now, partial batches included, and waits (within the close's bound) until every event
    /// accepted before the call is delivered, has failed, or is in the spool (on disk, it survives the process). The
    /// wait ends early when the breaker opens or the close begins. False when it ended before that.
    /// </summary>
    public bool FlushDeep() => StartFlushDeep() is { } target && WaitFlushed(target, Stopwatch.GetTimestamp());

    /// <summary>
    /// A deep flush's first step: partial batches go at once until what was accepted now is settled. Returns what to
    /// wait for, or null when there is nothing to wait for.
    /// </summary>
    public long? StartFlushDeep()
    {
        // Nothing to wait for: a close sends everything anyway, within its own bound; an open breaker sends nothing
        // until its break ends, and a thread that has left sends nothing at all. Waiting would only hold the writer.
        if (Volatile.Read(ref _closeBegun) != 0 || _breakerState == DeliveryBreakerState.Open || _exited.IsSet)
        {
            return null;
        }

        long target = _buffer.Accepted;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _flushTarget);
        }
        while (seen < target && Interlocked.CompareExchange(ref _flushTarget, target, seen) != seen);

        _wake.Set();
        return target;
    }

    /// <summary>
    /// A deep flush's second step: waits until <paramref name="target"/> events are secured, within the close's bound
    /// counted from <paramref name="startedAt"/> (a Stopwatch timestamp), ending early as <see cref="FlushDeep"/> says.
    /// </summary>
    public bool WaitFlushed(long target, long startedAt)
    {
        var left = _options.CloseTimeout - Stopwatch.GetElapsedTime(startedAt);
        return _buffer.WaitSecured(target, left > TimeSpan.Zero ? left : TimeSpan.Zero, _stopFlushWait);
    }

    /// <summary>Stops admission and starts the drain without waiting for it. Runs once; <see cref="Close"/> calls it too.</summary>
    public void BeginClose()
    {
        if (Interlocked.Exchange(ref _closeBegun, 1) != 0)
        {
            return;
        }

        _closeStartedAt = Stopwatch.GetTimestamp();
        _buffer.Close();
        _bound = _time.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), _giveUp, DrainBound, Timeout.InfiniteTimeSpan);
        _closing = true;
        _wake.Set();
        _buffer.PulseWaiters();
    }

    /// <summary>
    /// Waits for the drain <see cref="BeginClose"/> started, within <see cref="FapilogDeliveryOptions.CloseTimeout"/>
    /// counted from it, then fails and reports what is left. Returns the number of events failed here (0 when
    /// everything was settled in time). Called once, by the output's dispose.
    /// </summary>
    public long Close()
    {
        BeginClose();
        if (!_exited.Wait(Remaining(DrainBound)))
        {
            // The injected clock's bound cancels too; this is the real-time one, for a clock that does not move.
            CancelQuietly(_giveUp);
            _exited.Wait(Remaining(_options.CloseTimeout));
        }

        long left = _buffer.Abandon();
        _reports.AtClose(_buffer.Snapshot(_name, _breakerState), left);
        _bound?.Dispose();
        _timer.Dispose();
        return left;
    }

    /// <summary>True once the delivery thread has left: only then are the transport and the handles free to release.</summary>
    public bool HasExited => _exited.IsSet;

    /// <summary>Releases the wait handles once the thread has left (a thread stuck past the bound keeps them).</summary>
    public void Dispose()
    {
        if (_exited.IsSet)
        {
            _wake.Dispose();
            _giveUp.Dispose();
            _exited.Dispose();
            _batch.Dispose();
        }
    }

    /// <summary>When the drain gives up and cancels the request in flight, counted from the start of the close.</summary>
    private TimeSpan DrainBound
    {
        get
        {
            var grace = TimeSpan.FromTicks(Math.Min(MaxExitGrace.Ticks, _options.CloseTimeout.Ticks / 4));
            return _options.CloseTimeout - grace;
        }
    }

    private TimeSpan Remaining(TimeSpan bound)
    {
        var left = bound - Stopwatch.GetElapsedTime(_closeStartedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    // Timer callbacks may run after the close released what they touch; a late one has nothing left to do.
    private static void SetQuietly(AutoResetEvent wake)
    {
        try
        {
            wake.Set();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (Exception)
        {
            // Disposed already, or a registered callback (the transport's abort) threw: on a timer's thread either would
            // end the process, and on the closing thread it would skip counting what is left.
        }
    }
}
