using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The sink behind <c>WriteTo.Fapilog(...)</c>. This file is the caller side: <see cref="Emit"/> classifies the
/// event and does one lock-free, allocation-free enqueue; everything else happens on the writer thread
/// (<c>FapilogPipelineSink.Writer.cs</c>). Flush and close are in <c>FapilogPipelineSink.Lifecycle.cs</c>.
/// </summary>
internal sealed partial class FapilogPipelineSink : ILogEventSink, ISetLoggingFailureListener, IDisposable, IAsyncDisposable
{
    // Process-wide pipeline ordinal: Linux shows only 15 characters of a thread name, so the ordinal comes first
    // and keeps writer threads apart in top and ps however long the pipelines' names are.
    private static int s_pipelines;

    private readonly FapilogPipelineOptions _options;
    private readonly BoundedEventQueue _queue;
    private readonly PipelineCounters _counters = new();
    private readonly SelfLogReporter _reporter;
    private readonly SinkDispatcher _sinks;
    private readonly BatchedSinkSettings _batchedSettings;

    // What goes to Serilog's failure listener, and the failures inner sinks report after the fact.
    private readonly FailureReports _failures;

    private readonly long _ordinaryLimit;
    private readonly long _protectedLimit;
    private readonly int _ordinaryWaitMs;   // 0 = drop at once; Timeout.Infinite = until room
    private readonly int _protectedWaitMs;

    // Bit n set = level with LevelIndex n is protected; plus how Fatal-level events are decided.
    private readonly int _protectedMask;
    private readonly FatalRule _fatalRule;

    // Producers waiting for room sleep on this monitor. _spaceWaiters is incremented (full fence) before a
    // waiter looks at the queue; the writer reads it after freeing slots with a full fence, and pulses only
    // when someone waits. See WaitForRoom and WakeSpaceWaiters.
    private readonly object _spaceLock = new();
    private int _spaceWaiters;

    // Written by a caller whose bounded wait for room ran out: the writer's Completed count at that moment
    // (-1: no stall seen), per class of event. Read by later callers on the slow path only.
    // [0] ordinary, [1] protected.
    private readonly long[] _stalledAtCompleted = { -1, -1 };
    private int _waitsStarted;

    public FapilogPipelineSink(IReadOnlyList<ILogEventSink> sinks, FapilogPipelineOptions options)
    {
        _options = options;
        _queue = new BoundedEventQueue(options.QueueLimit);
        _protectedLimit = options.QueueLimit;
        _ordinaryLimit = options.QueueLimit - options.EffectiveProtectedReserve;
        _napWakeDepth = Math.Max(1, _ordinaryLimit / 2);
        _ordinaryWaitMs = options.FullMode == QueueFullMode.Wait ? ToMilliseconds(options.MaxWait) : 0;
        _protectedWaitMs = ToMilliseconds(options.ProtectedMaxWait);
        foreach (var level in options.ProtectedLevels)
        {
            _protectedMask |= 1 << PipelineCounters.LevelIndex(level);
        }

        int fatalBits = _protectedMask >> PipelineCounters.LevelIndex(FapilogLevel.Fatal);
        _fatalRule = fatalBits == 0b111 ? FatalRule.Always : fatalBits == 0 ? FatalRule.Never : FatalRule.Classify;

        _reporter = new SelfLogReporter(options.Name, _counters, options.TimeProvider, options.ReportInterval);
        _writer = new Thread(RunWriter)
        {
            IsBackground = true,
            Name = $"fapilog{Interlocked.Increment(ref s_pipelines)}:{options.Name}",
        };
        _batchedSettings = new BatchedSinkSettings(options.BatchRetryDelays, options.ShutdownTimeout);
        _failures = new FailureReports(this, _reporter, options.Name);
        _sinks = new SinkDispatcher(sinks, _reporter, _writer, _batchedSettings, _failures);
        Handle = new FapilogPipeline(this);
        _ids = new MessageIdGenerator(options.TimeProvider);
        _taken = new LogEvent?[options.BatchSizeLimit];
        _batch = new FapilogEvent[options.BatchSizeLimit];
        _failed = new bool[options.BatchSizeLimit];

        // UnsafeStart does not capture the caller's ExecutionContext: no AsyncLocal of whoever built the
        // logger leaks into the writer thread for its whole life.
        _writer.UnsafeStart();
        Register();
    }

    private enum FatalRule
    {
        Never,
        Always,
        Classify,
    }

    public string Name => _options.Name;

    public TimeSpan DefaultTimeout => _options.ShutdownTimeout;

    public FapilogPipelineOptions Options => _options;

    public FapilogPipeline Handle { get; }

    /// <summary>Whether a close has begun (tests use it to order a close against other steps).</summary>
    internal bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Producers parked in WaitForRoom (tests use it to know a producer is waiting).</summary>
    internal int SpaceWaiters => Volatile.Read(ref _spaceWaiters);

    public void Emit(LogEvent logEvent)
    {
        if (logEvent is null)
        {
            return;
        }

        try
        {
            bool isProtected = IsProtected(logEvent);
            var result = _queue.TryEnqueue(logEvent, isProtected ? _protectedLimit : _ordinaryLimit);
            if (result == EnqueueResult.Enqueued)
            {
                WakeWriter();
                return;
            }

            EmitWhenFullOrClosed(logEvent, isProtected, result);
        }
        catch (Exception ex)
        {
            // Nothing above throws by design; this is the last guard of "never throw into the application".
            _reporter.Error($"unexpected {ex.GetType().Name} in Emit: {ex.Message}");
        }
    }

    /// <summary>
    /// Serilog 4 hands a listener to sinks that accept one (<c>WriteTo.FallbackChain</c>, <c>WriteTo.Fallible</c>):
    /// every event this pipeline drops or fails is reported to it, <c>Permanent</c>, and what a close abandons,
    /// <c>Final</c>, so a fallback gets them all.
    /// </summary>
    public void SetFailureListener(ILoggingFailureListener failureListener) => _failures.SetListener(failureListener);

    public FapilogPipelineStats Snapshot()
    {
        lock (_counters.CompletionLock)
        {
            return new FapilogPipelineStats(
                Name, _queue.Claimed, _counters.Completed, _counters.CopyDrops(), _counters.Written, _counters.Failed,
                _counters.Batches, _counters.HighWaterMark, Volatile.Read(ref _counters.LastError), _queue.IsClosed);
        }
    }

    private static int ToMilliseconds(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Ceiling(value.TotalMilliseconds);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsProtected(LogEvent logEvent)
    {
        var level = logEvent.Level;
        if (level < LogEventLevel.Fatal)
        {
            // LevelIndex of Verbose..Error is 0..4, the same as the Serilog level's value.
            return ((_protectedMask >> (int)level) & 1) != 0;
        }

        return _fatalRule switch
        {
            FatalRule.Always => true,
            FatalRule.Never => false,
            _ => ((_protectedMask >> PipelineCounters.LevelIndex(LevelClassifier.Classify(logEvent))) & 1) != 0,
        };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitWhenFullOrClosed(LogEvent logEvent, bool isProtected, EnqueueResult result)
    {
        // A sink that logs through its own logger runs Emit on the writer thread: waiting there for room that
        // only this thread can free would stall the pipeline, so that caller never waits.
        // After close began, newcomers do not wait either: they are dropped as closed (only producers that
        // were already waiting get the drain's first moments, see BeginClose).
        bool closing = Volatile.Read(ref _closing) != 0;
        int waitMs = closing || Thread.CurrentThread == _writer ? 0 : isProtected ? _protectedWaitMs : _ordinaryWaitMs;

        // Stall breaker: a bounded wait already ran out without the writer completing anything since (a sink
        // hangs), so another caller waiting the same bound would only slow the application down for nothing.
        // Bounded waits resume as soon as the writer completes a batch. Infinite waits are the user's choice.
        // Each class is cut short only by a timeout of its own class: a short MaxWait running out says nothing
        // about whether a protected event, with its longer wait, would have landed.
        if (waitMs > 0 && Volatile.Read(ref _stalledAtCompleted[isProtected ? 1 : 0]) == Volatile.Read(ref _counters.Completed))
        {
            waitMs = 0;
        }

        if (result == EnqueueResult.Full && waitMs != 0)
        {
            try
            {
                result = WaitForRoom(logEvent, isProtected ? _protectedLimit : _ordinaryLimit, waitMs);
            }
            catch (Exception ex) when (ex is ThreadInterruptedException or SynchronizationLockException)
            {
                // The wait was cut short; the event was not admitted, so it is counted as dropped below.
                result = EnqueueResult.Full;
            }

            if (result == EnqueueResult.Full && waitMs > 0)
            {
                Volatile.Write(ref _stalledAtCompleted[isProtected ? 1 : 0], Volatile.Read(ref _counters.Completed));
            }

            if (result == EnqueueResult.Enqueued)
            {
                WakeWriter();
                return;
            }
        }

        var reason = result == EnqueueResult.Closed || closing ? DropReason.Closed
            : isProtected ? DropReason.ProtectedTimeout : DropReason.QueueFull;
        var level = LevelClassifier.Classify(logEvent);
        _counters.Drop(reason, level);
        _failures.DroppedOnCaller(logEvent, reason);
        _reporter.FirstDrop(reason);
        if (isProtected)
        {
            _reporter.ProtectedDropped(level, reason, logEvent.MessageTemplate.Text);
        }
        else if (reason == DropReason.Closed)
        {
            _reporter.DroppedAfterClose();
        }
    }

    /// <summary>How many callers began to wait for room (tests use it to see the stall breaker work).</summary>
    internal int WaitsStarted => Volatile.Read(ref _waitsStarted);

    private EnqueueResult WaitForRoom(LogEvent logEvent, long limit, int waitMs)
    {
        Interlocked.Increment(ref _waitsStarted);
        // The writer frees a whole batch at a time, so room often appears within microseconds: spin a
        // little (without yielding the core to sleep) before paying for a park.
        var spinner = default(SpinWait);
        for (int i = 0; i < 16; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            var result = _queue.TryEnqueue(logEvent, limit);
            if (result != EnqueueResult.Full)
            {
                return result;
            }
        }

        long deadline = waitMs == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + waitMs;
        Interlocked.Increment(ref _spaceWaiters);
        try
        {
            lock (_spaceLock)
            {
                while (true)
                {
                    var result = _queue.TryEnqueue(logEvent, limit);
                    if (result != EnqueueResult.Full)
                    {
                        return result;
                    }

                    long remaining = deadline == long.MaxValue ? Timeout.Infinite : deadline - Environment.TickCount64;
                    if (deadline != long.MaxValue && remaining <= 0)
                    {
                        return EnqueueResult.Full;
                    }

                    Monitor.Wait(_spaceLock, (int)Math.Min(remaining, int.MaxValue));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _spaceWaiters);
        }
    }

    /// <summary>Writer thread (after freeing slots) and close: lets waiting producers look again.</summary>
    private void WakeSpaceWaiters()
    {
        if (Volatile.Read(ref _spaceWaiters) > 0)
        {
            lock (_spaceLock)
            {
                Monitor.PulseAll(_spaceLock);
            }
        }
    }

    /// <summary>
    /// Writer thread (or any thread once the writer has exited): an inner sink lost <paramref name="count"/> events
    /// that were counted as written; they move to failed. Nothing moves once a close has abandoned the writer.
    /// </summary>
    internal void MoveWrittenToFailed(long count)
    {
        if (count <= 0)
        {
            return;
        }

        lock (_counters.CompletionLock)
        {
            if (!_abandoned)
            {
                long moved = Math.Min(count, _counters.Written);
                _counters.Written -= moved;
                _counters.Failed += moved;
                _counters.AssertConsistent(_queue.Claimed);
            }
        }
    }

    /// <summary>Any thread: a late failure or a drop was queued for the writer; a parked writer handles it now.</summary>
    internal void WakeForFailures() => ForceWakeWriter();

    /// <summary>Caller thread, after queuing a drop for the listener: wakes the writer only if it is parked.</summary>
    internal void WakeIfParked()
    {
        if (Volatile.Read(ref _writerState) == WriterParked)
        {
            ForceWakeWriter();
        }
    }

    /// <summary>Whether a close has given up on the writer (it then reports nothing more).</summary>
    internal bool IsAbandoned => _abandoned;
}
