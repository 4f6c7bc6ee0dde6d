using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The sink behind <c>WriteTo.Fapilog(...)</c>: a façade over the pipeline's protocols. On the caller's thread,
/// <see cref="Emit"/> asks <see cref="Admission"/> which class the event is in and does one lock-free,
/// allocation-free enqueue, waking the writer only when it sleeps (<see cref="WriterSignal"/>); a full queue leads to
/// <see cref="RoomWaiters"/> or a counted drop. Everything else runs on the writer thread (<see cref="PipelineWriter"/>,
/// <see cref="BatchWriter"/>); flushes are <see cref="FlushRequests"/>, the close is <see cref="PipelineShutdown"/>.
/// </summary>
internal sealed class FapilogPipelineSink : ILogEventSink, ISetLoggingFailureListener, IDisposable, IAsyncDisposable
{
    // Process-wide pipeline ordinal: Linux shows only 15 characters of a thread name, so the ordinal comes first and
    // keeps writer threads apart in top and ps however long the pipelines' names are.
    private static int s_pipelines;

    private readonly FapilogPipelineOptions _options;
    private readonly PipelineParts _parts;
    private readonly SinkDispatcher _dispatcher;
    private readonly BoundedEventQueue _queue;
    private readonly Admission _admission;
    private readonly BatchedSinkSettings _batchedSettings;
    private readonly ProcessExitHooks? _exitHooks;

    public FapilogPipelineSink(IReadOnlyList<ILogEventSink> sinks, FapilogPipelineOptions options)
    {
        _options = options;
        _parts = new PipelineParts(options, this);
        _queue = _parts.Queue;
        _admission = _parts.Admission;
        _batchedSettings = new BatchedSinkSettings(options.BatchRetryDelays, options.ShutdownTimeout);
        Shutdown = new PipelineShutdown(_parts, OnClosing);

        PipelineWriter? writer = null;
        var thread = new Thread(() => writer!.Run())
        {
            IsBackground = true,
            Name = $"fapilog{Interlocked.Increment(ref s_pipelines)}:{options.Name}",
        };
        var dispatcher = _dispatcher = new SinkDispatcher(sinks, _parts.Reporter, thread, _batchedSettings, _parts.Failures);
        Writer = writer = new PipelineWriter(thread, options, _parts, Shutdown, dispatcher);
        Handle = new FapilogPipeline(this);

        // UnsafeStart does not capture the caller's ExecutionContext: no AsyncLocal of whoever built the logger leaks
        // into the writer thread for its whole life.
        thread.UnsafeStart();

        // Hooks before the registries: nobody can reach (and close) the pipeline before its hooks are in place.
        if (options.FlushOnProcessExit)
        {
            _exitHooks = ProcessExitHooks.Install(
                options.ProcessEvents, () => Close(options.ProcessExitTimeout), () => Flush(options.ProcessExitTimeout));
        }

        FapilogPipelines.Register(this);
        FapilogMetrics.Register(this);
    }

    public string Name => _options.Name;

    public TimeSpan DefaultTimeout => _options.ShutdownTimeout;

    public FapilogPipelineOptions Options => _options;

    public FapilogPipeline Handle { get; }

    /// <summary>The writer thread's loop (its thread, its exit).</summary>
    internal PipelineWriter Writer { get; }

    /// <summary>The close protocol (whether a close has begun, its result).</summary>
    internal PipelineShutdown Shutdown { get; }

    /// <summary>Producers waiting for room, and how many waits began.</summary>
    internal RoomWaiters Room => _parts.Room;

    /// <summary>The figures of the pipeline's remote outputs, routed ones included; any thread.</summary>
    internal System.Collections.Generic.List<FapilogOutputStats> OutputStats()
    {
        var stats = new System.Collections.Generic.List<FapilogOutputStats>();
        _dispatcher.CollectRemoteStats(stats);
        return stats;
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent is null)
        {
            return;
        }

        try
        {
            bool isProtected = _admission.IsProtected(logEvent);
            var result = _queue.TryEnqueue(logEvent, _admission.LimitFor(isProtected));
            if (result == EnqueueResult.Enqueued)
            {
                _parts.Signal.AfterClaim();
                return;
            }

            EmitWhenFullOrClosed(logEvent, isProtected, result);
        }
        catch (Exception ex)
        {
            // Nothing above throws by design; this is the last guard of "never throw into the application".
            _parts.Reporter.Error($"unexpected {ex.GetType().Name} in Emit: {ex.Message}");
        }
    }

    /// <summary>
    /// Serilog 4 hands a listener to sinks that accept one (<c>WriteTo.FallbackChain</c>, <c>WriteTo.Fallible</c>):
    /// every event this pipeline drops or fails is reported to it, <c>Permanent</c>, and what a close abandons,
    /// <c>Final</c>, so a fallback gets them all.
    /// </summary>
    public void SetFailureListener(ILoggingFailureListener failureListener) => _parts.Failures.SetListener(failureListener);

    public FapilogPipelineStats Snapshot() => _parts.Snapshot();

    public DrainResult Flush(TimeSpan timeout) => FlushCore(timeout, synchronous: true, CancellationToken.None).GetAwaiter().GetResult();

    public Task<DrainResult> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        FlushCore(timeout, synchronous: false, cancellationToken);

    public void Dispose() => Close(_options.ShutdownTimeout);

    public async ValueTask DisposeAsync() => await CloseAsync(_options.ShutdownTimeout).ConfigureAwait(false);

    public DrainResult Close(TimeSpan timeout) => Shutdown.Close(Waits.Clamp(timeout), Writer);

    public Task<DrainResult> CloseAsync(TimeSpan timeout) => Shutdown.CloseAsync(Waits.Clamp(timeout), Writer);

    /// <summary>Hands the shutdown to a host: removes this pipeline's process-exit hooks.</summary>
    public bool DetachProcessExitHooks()
    {
        try
        {
            return _exitHooks?.Detach() ?? false;
        }
        catch (InvalidOperationException ex)
        {
            _parts.Reporter.Error($"{ex.Message}: {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
            return true;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void EmitWhenFullOrClosed(LogEvent logEvent, bool isProtected, EnqueueResult result)
    {
        bool closing = Shutdown.HasBegun;
        if (result == EnqueueResult.Full)
        {
            int waitMs = _admission.WaitFor(isProtected, closing, Writer.IsCurrent);
            result = _parts.Room.Enqueue(_queue, logEvent, _admission.LimitFor(isProtected), waitMs, isProtected);
            if (result == EnqueueResult.Enqueued)
            {
                _parts.Signal.AfterClaim();
                return;
            }
        }

        var reason = Admission.DropReasonFor(result, closing, isProtected);
        var level = LevelClassifier.Classify(logEvent);
        var reporter = _parts.Reporter;
        _parts.Counters.Drop(reason, level);
        _parts.Failures.DroppedOnCaller(logEvent, reason);
        reporter.FirstDrop(reason);
        if (isProtected)
        {
            reporter.ProtectedDropped(level, reason, logEvent.MessageTemplate.Text);
        }
        else if (reason == DropReason.Closed)
        {
            reporter.DroppedAfterClose();
        }
    }

    private async Task<DrainResult> FlushCore(TimeSpan timeout, bool synchronous, CancellationToken cancellationToken)
    {
        timeout = Waits.Clamp(timeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Writer.IsCurrent)
        {
            // A sink that flushes its own pipeline would wait for itself.
            return new DrainResult(Snapshot(), TimeSpan.Zero, timedOut: true);
        }

        Task task = _queue.IsClosed ? Shutdown.Completion : RequestFlush();
        bool done = synchronous ? task.Wait(timeout, cancellationToken) : await Waits.Within(task, timeout, cancellationToken).ConfigureAwait(false);
        return new DrainResult(Snapshot(), System.Diagnostics.Stopwatch.GetElapsedTime(started), !done);
    }

    /// <summary>
    /// Queues a flush request for every event claimed so far. The task also completes when the writer leaves its loop:
    /// it drains everything before leaving, so a request that raced a close and was queued too late is still satisfied.
    /// </summary>
    private Task<Task> RequestFlush()
    {
        var request = _parts.Flushes.Queue(_queue.Claimed, Writer.Exited);
        _parts.Signal.Wake();
        return request;
    }

    /// <summary>The first close: batched sinks stop retrying, and the pipeline leaves the registries and hooks.</summary>
    private void OnClosing()
    {
        _batchedSettings.Closing.Set(); // a natively driven batched sink stops retrying: the close's bound comes first
        FapilogPipelines.Unregister(this);
        FapilogMetrics.Unregister(this);
        DetachProcessExitHooks();
    }
}
