using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>The writer thread: takes batches in order, stamps them, hands them to the sinks, flushes when idle.</summary>
internal sealed partial class FapilogPipelineSink
{
    private const int WriterRunning = 0;
    private const int WriterParked = 1;
    private const int WriterNapping = 2;

    private readonly Thread _writer;
    private readonly MessageIdGenerator _ids;

    // Writer-thread-only buffers, reused for every batch.
    private readonly LogEvent?[] _taken;
    private readonly FapilogEvent[] _batch;
    private readonly bool[] _failed;

    // The writer sleeps here when idle. Protocol (no lost wake-up, no signal per event): the writer resets
    // the event, sets _writerState to Parked with a full fence, then looks at the queue once more; a producer
    // reads _writerState only after its CAS on the tail (also a full fence), and the one that swaps it back to
    // Running sets the event. Either the writer sees the new claim, or the producer sees the writer parked.
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
    private int _writerState;

    // Between "queue empty" and "parked" the writer naps: it sleeps NapMilliseconds on the same event without
    // announcing it to producers, up to MaxNaps times, then parks. Why: when the writer is faster than the
    // producers, parking at every empty look made nearly every Emit pay a futex wake (ManualResetEventSlim.Set,
    // about a microsecond) and kept the writer polling the producers' cache lines. A nap ends by itself, so
    // no wake-up can be lost; a producer wakes a napping writer only when the queue is half full, so a short
    // nap cannot turn into drops. After MaxNaps empty naps the writer parks: idle stays at zero CPU.
    private const int NapMilliseconds = 1;
    private const int MaxNaps = 4;
    private readonly long _napWakeDepth;

    // Set once by close; read by the writer to leave its loop when the closed queue is empty.
    private volatile bool _stopRequested;

    // Set under CompletionLock when close gave up waiting: the writer must not count, write or report anything any
    // more. Volatile: the writer also reads it outside the lock, before it hands a batch to the sinks.
    private volatile bool _abandoned;

    private readonly ConcurrentQueue<FlushRequest> _flushRequests = new();
    private int _pendingFlushRequests;                       // Interlocked; > 0 keeps the writer from parking
    private readonly List<FlushRequest> _waitingFlushes = new(); // writer thread only

    private readonly System.Threading.Tasks.TaskCompletionSource _writerExited =
        new(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);

    // Short sleeps the writer has taken (tests read it); written by the writer only.
    private long _shortSleeps;

    /// <summary>How many short sleeps the writer has taken (see <see cref="WriterPace"/>).</summary>
    internal long ShortSleeps => Volatile.Read(ref _shortSleeps);

    /// <summary>Completes when the writer thread has left its loop (tests wait on it).</summary>
    internal System.Threading.Tasks.Task WriterExited => _writerExited.Task;

    /// <summary>
    /// Caller side, after a successful claim: one volatile read while the writer runs; a wake only when it is
    /// parked, or napping with the queue half full.
    /// </summary>
    private void WakeWriter()
    {
        int state = Volatile.Read(ref _writerState);
        if (state == WriterRunning || (state == WriterNapping && _queue.Depth < _napWakeDepth))
        {
            return;
        }

        ForceWakeWriter();
    }

    /// <summary>Wakes a parked or napping writer (flush requests and close do not wait for a nap to end).</summary>
    private void ForceWakeWriter()
    {
        if (Interlocked.Exchange(ref _writerState, WriterRunning) != WriterRunning)
        {
            _wake.Set();
        }
    }

    private void RunWriter()
    {
        try
        {
            var spinner = default(SpinWait);

            // Whether a batch went to the sinks since their last flush. A local, not a field: it changes twice
            // per batch and would otherwise share a cache line with fields every Emit reads.
            bool dirty = false;

            // Naps since the last batch, and the rate that picks short sleeps over naps (locals for the same reason).
            int emptyNaps = 0;
            var pace = default(WriterPace);
            while (true)
            {
                try
                {
                    long depth = _queue.Depth;
                    int taken = _queue.DequeueInto(_taken);
                    if (taken > 0)
                    {
                        spinner.Reset();
                        emptyNaps = 0;
                        pace.Took(taken);
                        if (depth > _counters.HighWaterMark)
                        {
                            Volatile.Write(ref _counters.HighWaterMark, depth);
                        }

                        WakeSpaceWaiters();
                        if (!WriteBatch(taken))
                        {
                            break;
                        }

                        dirty = true;
                        _failures.DrainDropped();
                        _failures.ApplyLateFailures();
                        if (FlushRequested && CollectFlushRequestsAndSeeIfDue())
                        {
                            // Deep (to disk, for Serilog.Sinks.File's buffers) only when a waiting flush is complete.
                            FlushSinks(ref dirty, deep: true);
                            CompleteFlushRequests();
                        }

                        _reporter.ReportIfDue();
                        continue;
                    }

                    if (_queue.HasPending)
                    {
                        // A producer has claimed a slot and is about to publish it: nanoseconds, unless it was
                        // preempted right there, in which case SpinWait backs off to yielding and sleeping.
                        spinner.SpinOnce();
                        continue;
                    }

                    // Flush before wait: at low load a line is on its way to disk at once. A flush someone asks
                    // for also reaches buffers that only an explicit flush should (Serilog.Sinks.File's buffered mode).
                    FlushSinks(ref dirty, deep: FlushRequested);
                    CompleteFlushRequests();
                    _sinks.ReportStrayAsLate();
                    _failures.DrainDropped();
                    _failures.ApplyLateFailures();
                    if (_stopRequested && _queue.IsClosed && !_queue.HasPending)
                    {
                        break;
                    }

                    _reporter.ReportIfDue();
                    if (pace.NextWaitIsShort(ShortSleep.IsSupported))
                    {
                        // Producers are logging fast: look again soon, without asking them to wake us.
                        if (ShortSleep.TrySleep(WriterPace.ShortSleepMicroseconds))
                        {
                            Volatile.Write(ref _shortSleeps, _shortSleeps + 1);
                        }
                        else
                        {
                            pace.ShortSleepFailed();
                        }

                        continue;
                    }

                    if (emptyNaps < MaxNaps)
                    {
                        emptyNaps++;
                        Nap();
                    }
                    else
                    {
                        _sinks.OnIdle();
                        Park();
                    }
                }
                catch (Exception ex)
                {
                    _counters.RecordError(ex);
                    _reporter.Error($"writer loop recovered from {ex.GetType().Name}: {ex.Message}");
                }
            }

            _reporter.ReportIfDue(force: true);
            FlushSinks(ref dirty, deep: true);
            _sinks.DisposeAll(_options.ShutdownTimeout);
            _sinks.ReportStrayAsLate();
            _failures.WriterExiting();
            CompleteFlushRequests();

            // When a sink closed the pipeline from this thread nobody waits for us: complete the close here.
            // Otherwise the closing thread has completed it already, or will with the same counters.
            bool abandoned;
            lock (_counters.CompletionLock)
            {
                abandoned = _abandoned;
            }

            if (!abandoned)
            {
                _closed.TrySetResult(new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(_closeStarted), timedOut: false));
            }
        }
        catch (Exception ex)
        {
            _reporter.Error($"writer thread failed while closing: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _writerExited.TrySetResult();
        }
    }

    private void Nap()
    {
        _wake.Reset();
        Volatile.Write(ref _writerState, WriterNapping);
        if (!_stopRequested && Volatile.Read(ref _pendingFlushRequests) == 0)
        {
            _wake.Wait(NapMilliseconds);
        }

        Volatile.Write(ref _writerState, WriterRunning);
    }

    private void Park()
    {
        _wake.Reset();
        Interlocked.Exchange(ref _writerState, WriterParked);
        if (_queue.HasPending || _stopRequested || Volatile.Read(ref _pendingFlushRequests) > 0 || _failures.HasWork)
        {
            Volatile.Write(ref _writerState, WriterRunning);
            return;
        }

        var due = _reporter.TimeUntilDue();
        if (_sinks.WantsEmptyBatches && (due is null || due > EmptyBatchPeriod))
        {
            // A natively driven batched sink that does something in OnEmptyBatchAsync gets it about once per period
            // while nothing comes (never more often than every 100 ms).
            due = EmptyBatchPeriod;
        }

        _wake.Wait(due is { } d ? (int)Math.Clamp(Math.Ceiling(d.TotalMilliseconds), 1, int.MaxValue) : Timeout.Infinite);
        Volatile.Write(ref _writerState, WriterRunning);
    }

    /// <summary>Stamps, dispatches and counts one batch. Returns false when close has abandoned the writer.</summary>
    private bool WriteBatch(int count)
    {
        Invariants.Holds(Thread.CurrentThread == _writer, "batches are written on the writer thread");
        if (_abandoned)
        {
            // The close gave up on us (a sink or the failure listener held us too long) and has counted and
            // reported what was queued: writing it now would deliver it twice.
            Array.Clear(_taken, 0, count);
            return false;
        }

        long first = _queue.Head - count;

        // One clock read per batch for the message ids (a vDSO clock_gettime per event was a fifth of the writer's
        // time with a null sink): an id's time part is when its batch was taken, at most one batch-write late.
        long millis = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        for (int i = 0; i < count; i++)
        {
            var logEvent = _taken[i]!;
            _taken[i] = null;
            _batch[i] = new FapilogEvent(logEvent, first + i + 1, LevelClassifier.Classify(logEvent), _ids.Next(millis));
            _failed[i] = false;
        }

        long started = Stopwatch.GetTimestamp();
        var error = _sinks.Dispatch(_batch, count, _failed);
        var elapsed = Stopwatch.GetElapsedTime(started);
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            if (_failed[i])
            {
                failures++;
            }
        }

        var failedEvents = failures > 0 ? FailedEvents(count, failures) : null;

        lock (_counters.CompletionLock)
        {
            if (_abandoned)
            {
                Array.Clear(_batch, 0, count);
                return false;
            }

            _counters.Written += count - failures;
            _counters.Failed += failures;
            _counters.Completed += count;
            _counters.Batches++;
            _counters.AssertConsistent(_queue.Claimed);
        }

        // After the lock: a close that abandons the writer reads this batch to say what it abandoned.
        Array.Clear(_batch, 0, count); // let the events be collected before the next batch overwrites them

        if (failedEvents is not null)
        {
            // After the abandon check: a close that gave up on this writer has reported these events already.
            _failures.BatchFailed(failedEvents, error);
        }

        FapilogMetrics.RecordBatch(Name, count, elapsed);
        return true;
    }

    private TimeSpan EmptyBatchPeriod => _options.BufferingTimeLimit < MinEmptyBatchPeriod ? MinEmptyBatchPeriod : _options.BufferingTimeLimit;

    private static readonly TimeSpan MinEmptyBatchPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether a caller waits for a flush (the writer then flushes deep and completes it).</summary>
    private bool FlushRequested => Volatile.Read(ref _pendingFlushRequests) > 0 || _waitingFlushes.Count > 0;

    /// <summary>
    /// Flushes the sinks when a batch went to them since their last flush; <paramref name="deep"/> (a flush someone
    /// waits for, or the close) always flushes, Serilog.Sinks.File's buffered writers included.
    /// </summary>
    private void FlushSinks(ref bool dirty, bool deep)
    {
        if (dirty || deep)
        {
            dirty = false;
            _sinks.Flush(deep);
        }
    }

    /// <summary>The events of the current batch that failed, for the failure listener.</summary>
    private LogEvent[] FailedEvents(int count, int failures)
    {
        var events = new LogEvent[failures];
        for (int i = 0, n = 0; i < count && n < failures; i++)
        {
            if (_failed[i])
            {
                events[n++] = _batch[i].LogEvent;
            }
        }

        return events;
    }

    /// <summary>Takes new flush requests in; whether one of them (or an older one) has had its target reached.</summary>
    private bool CollectFlushRequestsAndSeeIfDue()
    {
        CollectFlushRequests();
        long completed = _counters.Completed;
        foreach (var request in _waitingFlushes)
        {
            if (completed >= request.Target)
            {
                return true;
            }
        }

        return false;
    }

    private void CollectFlushRequests()
    {
        while (_flushRequests.TryDequeue(out var request))
        {
            Interlocked.Decrement(ref _pendingFlushRequests);
            _waitingFlushes.Add(request);
        }
    }

    /// <summary>Completes the flush requests whose target the writer has reached (sinks already flushed).</summary>
    private void CompleteFlushRequests()
    {
        CollectFlushRequests();

        long completed = _counters.Completed;
        bool exiting = _stopRequested && _queue.IsClosed && !_queue.HasPending;
        for (int i = _waitingFlushes.Count - 1; i >= 0; i--)
        {
            var request = _waitingFlushes[i];
            if (completed >= request.Target || exiting)
            {
                request.Done.TrySetResult(true);
                _waitingFlushes.RemoveAt(i);
            }
        }
    }

    /// <summary>A caller waiting until every event enqueued before its call (positions below Target) is written.</summary>
    private sealed class FlushRequest
    {
        public FlushRequest(long target) => Target = target;

        public long Target { get; }

        public System.Threading.Tasks.TaskCompletionSource<bool> Done { get; } =
            new(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
