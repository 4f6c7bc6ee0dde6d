using System;
using System.Diagnostics;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>The buffer's settling: how far a deep flush has got, waiting for it, and the close's end of admission and of counting.</summary>
internal sealed partial class DeliveryBuffer
{
    /// <summary>Every event ever offered, admitted or not.</summary>
    public long Accepted
    {
        get
        {
            lock (_sync)
            {
                return _accepted;
            }
        }
    }

    /// <summary>Events offered that are no longer held: delivered, failed or dropped.</summary>
    public long Settled
    {
        get
        {
            lock (_sync)
            {
                return _accepted - Pending;
            }
        }
    }

    /// <summary>
    /// A deep flush's wait: until <paramref name="target"/> events are secured (delivered, failed, dropped, or held in
    /// the spool, which survives the process), <paramref name="timeout"/> (real time) has passed, or
    /// <paramref name="stop"/> says waiting is pointless (the breaker opened, the close began; checked whenever the
    /// buffer is pulsed). Events settle in the order they were offered, save for drops, which settle on arrival; while
    /// the writer waits here nothing new arrives from it, so the count reaching the target means its events are secured.
    /// </summary>
    public bool WaitSecured(long target, TimeSpan timeout, Func<bool> stop)
    {
        long started = Stopwatch.GetTimestamp();
        lock (_sync)
        {
            while (Secured < target)
            {
                var left = timeout - Stopwatch.GetElapsedTime(started);
                if (stop() || left <= TimeSpan.Zero || !Monitor.Wait(_sync, left))
                {
                    return Secured >= target;
                }
            }

            return true;
        }
    }

    /// <summary>Wakes a deep flush's wait to look at its stop condition again.</summary>
    public void PulseWaiters()
    {
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Events no longer only in memory: settled, or in the spool.</summary>
    private long Secured => _accepted - _waitingCount - (_inFlightCount - _inFlightFromSpool);

    /// <summary>Stops admission: events offered from now on are dropped (<c>closed</c>).</summary>
    public void Close()
    {
        lock (_sync)
        {
            _closed = true;
        }
    }

    /// <summary>
    /// The close gave up: every event still waiting or in flight in memory fails (<c>shutdown_timeout</c>); those in the
    /// spool stay there for the next process (pending, <see cref="SpoolFigures.Held"/>). Nothing is counted after
    /// this; the number failed here is returned (0 when already abandoned).
    /// </summary>
    public long Abandon()
    {
        lock (_sync)
        {
            if (_abandoned)
            {
                return 0;
            }

            _closed = _abandoned = true;
            long left = _waitingCount + _inFlightCount - _inFlightFromSpool;
            _losses[(int)DeliveryLoss.ShutdownTimeout] += left;
            _leftInSpool += _spoolWaiting + _inFlightFromSpool;
            _waiting.Clear();
            _ordinary.Clear();
            _waitingCount = _inFlightCount = _inFlightFromSpool = _spoolWaiting = 0;
            _waitingBytes = _inFlightBytes = _ordinaryBytes = _inFlightSpoolBytes = _spoolWaitingBytes = 0;
            AssertConsistent();
            Monitor.PulseAll(_sync);
            return left;
        }
    }
}
