using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog;

/// <summary>Flush without closing, bounded close, and the process-exit drain.</summary>
internal sealed partial class FapilogPipelineSink
{
    private int _closing;
    private readonly TaskCompletionSource<DrainResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventHandler? _onProcessExit;
    private UnhandledExceptionEventHandler? _onUnhandledException;

    public DrainResult Flush(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (_queue.IsClosed)
        {
            bool closed = _closed.Task.Wait(timeout);
            return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !closed);
        }

        if (Thread.CurrentThread == _writer)
        {
            // A sink that flushes its own pipeline would wait for itself.
            return new DrainResult(Snapshot(), TimeSpan.Zero, timedOut: true);
        }

        var request = RequestFlush();
        bool done = request.Done.Task.Wait(timeout);
        return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !done);
    }

    public async Task<DrainResult> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var task = _queue.IsClosed ? (Task)_closed.Task : RequestFlush().Done.Task;
        bool done = await WaitAsync(task, timeout, cancellationToken).ConfigureAwait(false);
        return new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), !done);
    }

    public void Dispose() => Close(_options.ShutdownTimeout);

    public async ValueTask DisposeAsync() => await CloseAsync(_options.ShutdownTimeout).ConfigureAwait(false);

    /// <summary>Stops intake, drains within <paramref name="timeout"/>, disposes the sinks, reports what was left.</summary>
    public DrainResult Close(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (!BeginClose())
        {
            return _closed.Task.Wait(timeout) ? _closed.Task.Result : new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), true);
        }

        // Close from the writer thread itself (a sink disposing the logger) cannot wait for the writer.
        bool exited = Thread.CurrentThread != _writer && _writerExited.Task.Wait(timeout);
        return EndClose(exited, started);
    }

    public async Task<DrainResult> CloseAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (!BeginClose())
        {
            return await WaitAsync(_closed.Task, timeout, CancellationToken.None).ConfigureAwait(false)
                ? await _closed.Task.ConfigureAwait(false)
                : new DrainResult(Snapshot(), Stopwatch.GetElapsedTime(started), true);
        }

        bool exited = Thread.CurrentThread != _writer
            && await WaitAsync(_writerExited.Task, timeout, CancellationToken.None).ConfigureAwait(false);
        return EndClose(exited, started);
    }

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

    private FlushRequest RequestFlush()
    {
        var request = new FlushRequest(_queue.Claimed);
        _flushRequests.Enqueue(request);
        Interlocked.Increment(ref _pendingFlushRequests);
        WakeWriter();
        return request;
    }

    private bool BeginClose()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        Unregister();
        _queue.Close();
        _stopRequested = true;
        lock (_spaceLock)
        {
            Monitor.PulseAll(_spaceLock); // waiting producers see the queue closed and drop (closed)
        }

        Interlocked.Exchange(ref _writerParked, 0);
        _wake.Set();
        return true;
    }

    private DrainResult EndClose(bool exited, long started)
    {
        if (!exited)
        {
            long left;
            long[] byLevel = new long[PipelineCounters.LevelCount];
            lock (_counters.CompletionLock)
            {
                _abandoned = true;
                left = _queue.Claimed - _counters.Completed;
                AttributeAbandoned(byLevel, left);
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
                $"did not finish within {_options.ShutdownTimeout.TotalMilliseconds:0} ms; sinks still busy were not disposed");
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
    private void AttributeAbandoned(long[] byLevel, long left)
    {
        long inBatch = Math.Min(Math.Max(0, _queue.Head - _counters.Completed), _batch.Length);
        long seen = 0;
        for (int i = 0; i < inBatch && seen < left; i++, seen++)
        {
            var e = _batch[i];
            byLevel[PipelineCounters.LevelIndex(e.LogEvent is null ? FapilogLevel.Information : e.Level)]++;
        }

        _queue.VisitQueued(logEvent =>
        {
            if (seen < left)
            {
                byLevel[PipelineCounters.LevelIndex(logEvent is null ? FapilogLevel.Information : LevelClassifier.Classify(logEvent))]++;
                seen++;
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
    }
}
