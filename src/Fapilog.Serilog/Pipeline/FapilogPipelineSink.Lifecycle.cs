using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>Flush without closing, bounded close, and the process-exit drain.</summary>
internal sealed partial class FapilogPipelineSink
{
    // The most of a close's time kept back for handing what it abandons to the failure listener.
    private static readonly TimeSpan MaxListenerReserve = TimeSpan.FromSeconds(1);

    private int _closing;                  // 0 until the first close; read by callers' slow path
    private long _closeStarted;             // Stopwatch timestamp of the first close
    private readonly TaskCompletionSource<DrainResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventHandler? _onProcessExit;
    private UnhandledExceptionEventHandler? _onUnhandledException;
    private PosixSignalRegistration? _onSigterm;

    public DrainResult Flush(TimeSpan timeout)
    {
        timeout = Clamp(timeout);
        var started = Stopwatch.GetTimestamp();
        if (Thread.CurrentThread == _writer)
        {
            // A sink that flushes its own pipeline would wait for itself.
            return new DrainResult(Snapshot(), TimeSpan.Zero, timedOut: true);
        }

        var task = _queue.IsClosed ? (Task)_closed.Task : RequestFlush();
        bool done = task.Wait(timeout);
        return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !done);
    }

    public async Task<DrainResult> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        timeout = Clamp(timeout);
        var started = Stopwatch.GetTimestamp();
        if (Thread.CurrentThread == _writer)
        {
            return new DrainResult(Snapshot(), TimeSpan.Zero, timedOut: true);
        }

        var task = _queue.IsClosed ? (Task)_closed.Task : RequestFlush();
        bool done = await WaitAsync(task, timeout, cancellationToken).ConfigureAwait(false);
        return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !done);
    }

    public void Dispose() => Close(_options.ShutdownTimeout);

    public async ValueTask DisposeAsync() => await CloseAsync(_options.ShutdownTimeout).ConfigureAwait(false);

    /// <summary>Stops intake, drains within <paramref name="timeout"/>, disposes the sinks, reports what was left.</summary>
    public DrainResult Close(TimeSpan timeout)
    {
        timeout = Clamp(timeout);
        var started = Stopwatch.GetTimestamp();
        if (!BeginClose(timeout))
        {
            return _closed.Task.Wait(timeout) ? _closed.Task.Result : new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), true);
        }

        if (Thread.CurrentThread == _writer)
        {
            // A sink closing its own pipeline: the writer goes on draining after this call returns and
            // completes the close when it leaves its loop (see RunWriter).
            return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), timedOut: false);
        }

        var left = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - Stopwatch.GetElapsedTime(started) - ListenerReserve(timeout);
        bool exited = _writerExited.Task.Wait(left < TimeSpan.Zero ? TimeSpan.Zero : left);
        return EndClose(exited, started, timeout);
    }

    public async Task<DrainResult> CloseAsync(TimeSpan timeout)
    {
        timeout = Clamp(timeout);
        var started = Stopwatch.GetTimestamp();
        if (!BeginClose(timeout))
        {
            return await WaitAsync(_closed.Task, timeout, CancellationToken.None).ConfigureAwait(false)
                ? await _closed.Task.ConfigureAwait(false)
                : new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), true);
        }

        if (Thread.CurrentThread == _writer)
        {
            return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), timedOut: false);
        }

        var left = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - Stopwatch.GetElapsedTime(started) - ListenerReserve(timeout);
        bool exited = await WaitAsync(_writerExited.Task, left < TimeSpan.Zero ? TimeSpan.Zero : left, CancellationToken.None).ConfigureAwait(false);
        return EndClose(exited, started, timeout);
    }

    /// <summary>
    /// How much of a close's <paramref name="timeout"/> is kept back for the failure listener: a fifth, at most 1 s,
    /// and nothing without a listener. The drain gets the rest.
    /// </summary>
    private TimeSpan ListenerReserve(TimeSpan timeout)
    {
        if (!_failures.HasListener)
        {
            return TimeSpan.Zero;
        }

        var fifth = timeout / 5;
        return fifth < MaxListenerReserve ? fifth : MaxListenerReserve;
    }

    /// <summary>User timeouts within what the wait primitives accept: negative is zero, beyond int.MaxValue ms is infinite.</summary>
    internal static TimeSpan Clamp(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds > int.MaxValue ? Timeout.InfiniteTimeSpan
        : timeout < TimeSpan.Zero ? TimeSpan.Zero
        : timeout;

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Queues a flush request. The returned task also completes when the writer leaves its loop: it drains
    /// everything before leaving, so a request that raced a close and was queued too late is still satisfied.
    /// </summary>
    private Task<Task> RequestFlush()
    {
        var request = new FlushRequest(_queue.Claimed);
        _flushRequests.Enqueue(request);
        Interlocked.Increment(ref _pendingFlushRequests);
        ForceWakeWriter();
        return Task.WhenAny(request.Done.Task, _writerExited.Task);
    }

    private bool BeginClose(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        _closeStarted = Stopwatch.GetTimestamp();
        _batchedSettings.Closing.Set(); // a natively driven batched sink stops retrying: the close's bound comes first
        Unregister();

        // Producers already parked for room arrived before the close: give them the drain's first moments to
        // land (bounded by the close's own time limit) before admission shuts. Newcomers do not wait any more
        // (see EmitWhenFullOrClosed), so this ends as soon as the writer frees room for those already waiting.
        if (Thread.CurrentThread != _writer && Volatile.Read(ref _spaceWaiters) > 0)
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _spaceWaiters) == 0, timeout);
        }

        _queue.Close();
        _stopRequested = true;
        lock (_spaceLock)
        {
            Monitor.PulseAll(_spaceLock); // waiting producers see the queue closed and drop (closed)
        }

        Interlocked.Exchange(ref _writerState, WriterRunning);
        _wake.Set();
        return true;
    }

    private DrainResult EndClose(bool exited, long started, TimeSpan timeout)
    {
        if (!exited)
        {
            long left;
            long[] byLevel = new long[PipelineCounters.LevelCount];
            var abandoned = _failures.HasListener ? new List<LogEvent>() : null;
            lock (_counters.CompletionLock)
            {
                _abandoned = true;
                left = _queue.Claimed - _counters.Completed;
                AttributeAbandoned(byLevel, left, abandoned);
                for (int level = 0; level < byLevel.Length; level++)
                {
                    _counters.Drop(DropReason.ShutdownTimeout, PipelineCounters.LevelAt(level), byLevel[level]);
                }
            }

            long protectedLeft = 0;
            foreach (var level in _options.ProtectedLevels)
            {
                protectedLeft += byLevel[PipelineCounters.LevelIndex(level)];
            }

            _reporter.ReportForStuckWriter(
                $"closed with {left} events not written (shutdown_timeout), {protectedLeft} of them protected: the writer " +
                $"did not finish within {timeout.TotalMilliseconds:0} ms; sinks still busy were not disposed");
            if (abandoned is not null)
            {
                // Within what is left of the close's time (ListenerReserve kept it back): a hung fallback must not
                // make the close hang or overrun its timeout.
                var remaining = timeout - Stopwatch.GetElapsedTime(started);
                _failures.ReportAbandoned(abandoned, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
        }

        var result = new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !exited);
        _closed.TrySetResult(result);
        return result;
    }

    /// <summary>
    /// Splits the <paramref name="left"/> abandoned events by level: those of the batch the stuck writer holds,
    /// then those still in the ring. The writer is stuck in a sink, so its batch is stable enough to read; an
    /// event that cannot be seen (a slot not yet published) is counted as Information, so the total stays exact.
    /// </summary>
    private void AttributeAbandoned(long[] byLevel, long left, List<LogEvent>? events)
    {
        long inBatch = Math.Min(Math.Max(0, _queue.Head - _counters.Completed), _batch.Length);
        long seen = 0;
        for (int i = 0; i < inBatch && seen < left; i++, seen++)
        {
            var e = _batch[i];
            byLevel[PipelineCounters.LevelIndex(e.LogEvent is null ? FapilogLevel.Information : e.Level)]++;
            if (e.LogEvent is not null)
            {
                events?.Add(e.LogEvent);
            }
        }

        _queue.VisitQueued(logEvent =>
        {
            if (seen < left)
            {
                byLevel[PipelineCounters.LevelIndex(logEvent is null ? FapilogLevel.Information : LevelClassifier.Classify(logEvent))]++;
                seen++;
                if (logEvent is not null)
                {
                    events?.Add(logEvent);
                }
            }
        });
        byLevel[PipelineCounters.LevelIndex(FapilogLevel.Information)] += left - seen;
    }

    private void Register()
    {
        FapilogPipelines.Register(this);
        FapilogMetrics.Register(this);
        if (_options.FlushOnProcessExit)
        {
            _onProcessExit = (_, _) => Close(_options.ProcessExitTimeout);
            _onUnhandledException = (_, _) => Flush(_options.ProcessExitTimeout);
            AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
            AppDomain.CurrentDomain.UnhandledException += _onUnhandledException;
            _onSigterm = RegisterSigterm();
        }
    }

    /// <summary>
    /// SIGTERM (<c>docker stop</c>, Kubernetes) does not raise ProcessExit in a plain console app: the signal's
    /// default action ends the process, and the queue with it. Flush (not close) from the signal's handler: when
    /// nobody cancels the signal the process ends right after with everything written, and when a host cancels it
    /// to shut down gracefully, the pipeline stays open for the logging of that shutdown.
    /// </summary>
    private PosixSignalRegistration? RegisterSigterm()
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Flush(_options.ProcessExitTimeout));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException or System.ComponentModel.Win32Exception)
        {
            // Platforms without signals, or a refusal to install the handler: ProcessExit and UnhandledException
            // still apply, and configuring a logger must not fail for this.
            return null;
        }
    }

    private void Unregister()
    {
        FapilogPipelines.Unregister(this);
        FapilogMetrics.Unregister(this);
        if (_onProcessExit is not null)
        {
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        }

        if (_onUnhandledException is not null)
        {
            AppDomain.CurrentDomain.UnhandledException -= _onUnhandledException;
        }

        _onSigterm?.Dispose();
    }
}
