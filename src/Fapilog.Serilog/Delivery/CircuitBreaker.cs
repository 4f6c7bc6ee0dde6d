using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>The state of a remote output's circuit breaker, as stats and metrics show it (0, 1, 2).</summary>
internal enum DeliveryBreakerState
{
    /// <summary>Requests go through; failures are being counted.</summary>
    Closed,

    /// <summary>The backend failed too often: no request until the break is over. Nothing held is dropped.</summary>
    Open,

    /// <summary>The break is over: one probe request decides between closed and open.</summary>
    HalfOpen,
}

/// <summary>
/// Stops a remote output from hammering a dead backend: after <c>threshold</c> consecutive failed attempts no request
/// is sent for <c>breakDuration</c>; then one probe goes, and its outcome closes or reopens the breaker.
/// </summary>
/// <remarks>
/// A pure policy on an injected clock (its monotonic timestamps, so a wall-clock change neither ends nor stretches a break), used by the delivery thread only (not thread-safe). The breaker decides when to
/// send, never what to drop: the batch that failed stays at the head and is the probe, so order holds across an
/// outage. A threshold of 0 turns the breaker off (it stays closed).
/// </remarks>
internal sealed class CircuitBreaker
{
    private readonly TimeProvider _time;
    private readonly int _threshold;
    private readonly TimeSpan _breakDuration;
    private int _consecutiveFailures;
    private long _openedAt;

    public CircuitBreaker(TimeProvider time, int threshold, TimeSpan breakDuration)
    {
        _time = time;
        _threshold = threshold;
        _breakDuration = breakDuration;
    }

    public DeliveryBreakerState State { get; private set; }

    /// <summary>
    /// How long until a request may be sent: zero when one may go now (an open breaker whose break is over turns
    /// half-open here, letting the probe through).
    /// </summary>
    public TimeSpan UntilAllowed()
    {
        if (State != DeliveryBreakerState.Open)
        {
            return TimeSpan.Zero;
        }

        var left = _breakDuration - _time.GetElapsedTime(_openedAt);
        if (left > TimeSpan.Zero)
        {
            return left;
        }

        State = DeliveryBreakerState.HalfOpen;
        return TimeSpan.Zero;
    }

    /// <summary>The backend answered (delivered, or refused the batch for good): it is alive.</summary>
    public void OnSuccess()
    {
        _consecutiveFailures = 0;
        State = DeliveryBreakerState.Closed;
    }

    /// <summary>An attempt failed with a transient error. True when this failure opened the breaker.</summary>
    public bool OnFailure()
    {
        _consecutiveFailures++;
        bool opens = State == DeliveryBreakerState.HalfOpen
            || (State == DeliveryBreakerState.Closed && _threshold > 0 && _consecutiveFailures >= _threshold);
        if (opens)
        {
            State = DeliveryBreakerState.Open;
            _openedAt = _time.GetTimestamp();
        }

        return opens;
    }
}
