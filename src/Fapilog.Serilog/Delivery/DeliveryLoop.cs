using System;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// A remote output's delivery thread: takes batches from its <see cref="DeliveryBuffer"/> when the batching policy
/// says so, sends them one request at a time (so order holds), retries transient failures with backoff, waits out an
/// open breaker without dropping anything, and on close drains within its bound.
/// </summary>
/// <remarks>
/// <para>Every member but <see cref="Wake"/>, <see cref="FlushDeep"/>, <see cref="BeginClose"/>, <see cref="Close"/>
/// and <see cref="Breaker"/> runs on the delivery thread (the <c>…OnLoop</c> ones say so); the batch in flight, the
/// attempt count, the backoff and the breaker are its own. Waits use the injected clock's timers, and every decision is
/// re-read after a wake, so an early wake (events arriving during a backoff) never shortens a backoff or a break.</para>
/// <para>A deep flush (<see cref="FlushDeep"/>) sends partial batches at once until what was accepted before it is
/// settled, and waits for that within the close's bound; backoff and the breaker still apply.</para>
/// <para>The close: <see cref="BeginClose"/> stops admission and wakes the thread, which sends everything waiting at
/// once (the breaker is bypassed, backoff is not). <see cref="Close"/> waits for the drain: shortly before the bound
/// passes, the request in flight is cancelled, the thread leaves, and at the bound the buffer fails what is left as
/// <c>shutdown_timeout</c>. The whole close stays within <see cref="FapilogDeliveryOptions.CloseTimeout"/>. The deep
/// flush and the close are in <c>DeliveryLoop.Close.cs</c>; this file is the thread itself.</para>
/// </remarks>
internal sealed partial class DeliveryLoop : IDisposable
{
    private readonly string _name;
    private readonly DeliveryBuffer _buffer;
    private readonly IDeliveryTransport _transport;
    private readonly FapilogDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly DeliveryBatchPolicy _policy;
    private readonly RetryBackoff _retry;
    private readonly CircuitBreaker _breaker;
    private readonly DeliveryReports _reports;
    private readonly Thread _thread;

    // A deep flush stops waiting when the breaker opens or the close begins.
    private readonly Func<bool> _stopFlushWait;

    // Set by writers (new events), timers and the close; waited on by the delivery thread only.
    private readonly AutoResetEvent _wake = new(false);
    private readonly ITimer _timer;

    // Cancelled when the close's bound passes; the delivery thread reads it, and it cancels the request in flight.
    private readonly CancellationTokenSource _giveUp = new();
    private readonly ManualResetEventSlim _exited = new(false);
    private readonly WaitHandle[] _wakeOrGiveUp;

    // Written by the closing thread before it wakes the delivery thread, which reads it after the wake.
    private volatile bool _closing;

    // Written by the delivery thread, read by snapshots from any thread.
    private volatile DeliveryBreakerState _breakerState;

    // The delivery thread's own.
    private readonly DeliveryBatch _batch = new();
    private int _attempts;
    // Intervals are measured on the clock's monotonic timestamps: a wall-clock step neither cuts a wait short nor
    // parks the thread. The backoff in force (from when, how long), when the batch was first tried, the time the
    // breaker held it since, and when the breaker last opened (null when it is not holding the batch).
    private long _backoffFrom;
    private TimeSpan _backoff;
    private long _firstAttemptAt;
    private TimeSpan _heldByBreaker;
    private long? _openedAt;

    public DeliveryLoop(string name, DeliveryBuffer buffer, IDeliveryTransport transport, FapilogDeliveryOptions options)
    {
        _name = name;
        _buffer = buffer;
        _transport = transport;
        _options = options;
        _time = options.TimeProvider;
        _policy = new DeliveryBatchPolicy(options.BatchSizeLimit, options.BatchBytesLimit, options.BatchTimeLimit);
        _retry = new RetryBackoff(options.MinRetryDelay, options.MaxRetryDelay, options.Random);
        _breaker = new CircuitBreaker(_time, options.BreakerFailureThreshold, options.BreakDuration);
        _reports = new DeliveryReports(name, _time);
        _timer = _time.CreateTimer(static state => SetQuietly((AutoResetEvent)state!), _wake, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _wakeOrGiveUp = new[] { _wake, _giveUp.Token.WaitHandle };
        _thread = new Thread(Run) { IsBackground = true, Name = "Fapilog delivery " + name };
        _stopFlushWait = () => _breakerState == DeliveryBreakerState.Open || _closing;
    }

    public DeliveryBreakerState Breaker => _breakerState;

    public void Start() => _thread.Start();

    /// <summary>Events arrived: the thread re-reads its state (cheap; called once per pipeline batch).</summary>
    public void Wake() => _wake.Set();

    private void Run()
    {
        try
        {
            while (!_giveUp.IsCancellationRequested)
            {
                if (_batch.Count == 0 && !TakeBatchOnLoop())
                {
                    if (_closing && _buffer.Waiting().Events == 0)
                    {
                        return;
                    }

                    continue;
                }

                var backoffLeft = _backoff - _time.GetElapsedTime(_backoffFrom);
                if (backoffLeft > TimeSpan.Zero)
                {
                    SleepOnLoop(backoffLeft);
                    continue;
                }

                var closedFor = _closing ? TimeSpan.Zero : _breaker.UntilAllowed();
                _breakerState = _breaker.State;
                if (closedFor > TimeSpan.Zero)
                {
                    SleepOnLoop(closedFor);
                    continue;
                }

                if (_openedAt is { } opened)
                {
                    // The time the breaker held the batch does not count against its retry time.
                    _heldByBreaker += _time.GetElapsedTime(opened);
                    _openedAt = null;
                }

                AttemptOnLoop();
            }
        }
        catch (Exception ex)
        {
            // A bug, not a backend failure: what the buffer holds is failed and reported by the close.
            _reports.LoopFailed(ex);
        }
        finally
        {
            _exited.Set();
        }
    }

    /// <summary>Takes the next batch when the policy says it is time; otherwise sleeps until it might be. False when none was taken.</summary>
    private bool TakeBatchOnLoop()
    {
        var (events, bytes, oldest) = _buffer.Waiting();
        bool urgent = _closing || _buffer.Settled < Interlocked.Read(ref _flushTarget);
        var wait = _policy.UntilReady(events, bytes, events == 0 ? TimeSpan.Zero : _time.GetElapsedTime(oldest), urgent);
        if (wait != TimeSpan.Zero)
        {
            if (!(_closing && events == 0))
            {
                SleepOnLoop(wait);
            }

            return false;
        }

        _buffer.Take(_batch, _options.BatchSizeLimit, _options.BatchBytesLimit);
        _attempts = 0;
        return _batch.Count > 0;
    }

    private void AttemptOnLoop()
    {
        DeliveryOutcome outcome;
        try
        {
            outcome = _transport.Send(_batch, _giveUp.Token);
        }
        catch (Exception ex)
        {
            outcome = DeliveryOutcome.Transient(ex.GetType().Name + ": " + ex.Message);
        }

        if (_giveUp.IsCancellationRequested && outcome.Kind != DeliveryOutcomeKind.Delivered)
        {
            // The close gave up and cancelled this request: not the backend's failure. The close counts and reports the
            // batch (shutdown_timeout) with the backend's last real error.
            return;
        }

        _buffer.CountRequest(retry: _attempts > 0, outcome.Error);
        _attempts++;
        long now = _time.GetTimestamp();
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                _breaker.OnSuccess();
                FinishOnLoop(null, null);
                break;
            case DeliveryOutcomeKind.Permanent:
                // The backend answered: it is alive, only this batch is refused.
                _breaker.OnSuccess();
                FinishOnLoop(DeliveryLoss.Rejected, outcome.Error);
                break;
            case DeliveryOutcomeKind.PerItem:
                // Alive too; the delivered and rejected events settle now, and what it asked to be sent again stays.
                _breaker.OnSuccess();
                int rejected = _buffer.CompletePerItem(_batch, outcome.Error);
                if (rejected > 0)
                {
                    _reports.BatchLost(rejected, DeliveryLoss.Rejected, outcome.Error);
                }

                if (_batch.Count == 0)
                {
                    FinishOnLoop(null, null);
                    break;
                }

                RetryLaterOnLoop(outcome, now);
                break;
            default:
                StartRetryClockOnLoop(now);
                if (_breaker.OnFailure())
                {
                    _openedAt = now;
                    _reports.BreakerOpened(outcome.Error);
                    _breakerState = _breaker.State;
                    _buffer.PulseWaiters();
                }
                else if (_breaker.State != DeliveryBreakerState.Open)
                {
                    RetryLaterOnLoop(outcome, now);
                    break;
                }

                BackOffOnLoop(outcome, now);
                break;
        }

        _breakerState = _breaker.State;
        _reports.Periodic(_buffer.Snapshot(_name, _breakerState));
    }

    private void SleepOnLoop(TimeSpan wait)
    {
        if (wait != Timeout.InfiniteTimeSpan)
        {
            try
            {
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException) when (_giveUp.IsCancellationRequested)
            {
                // The close gave up on this thread and released the timer: the loop ends now, with nothing to report.
                return;
            }
        }

        WaitHandle.WaitAny(_wakeOrGiveUp);
    }
}
