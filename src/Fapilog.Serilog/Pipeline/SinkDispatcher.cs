using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Hands batches to the wrapped sinks on the writer thread: a batch-aware sink gets one call per batch, a
/// plain sink one <c>Emit</c> per event. Each sink is isolated: an exception marks events as failed for that
/// sink only and the next sink still gets the batch.
/// </summary>
/// <remarks>
/// <para>Every inner sink that implements <see cref="ISetLoggingFailureListener"/> (Serilog.Sinks.File 7 reports
/// its write failures that way instead of throwing) gets a listener of ours. A failure it reports on the writer
/// thread while we are handing it events marks those events failed, exactly as if it had thrown. A failure it
/// reports at any other moment (its own flush, its own timer, its disposal) concerns events already counted as
/// written: <see cref="FailureReports.LateFailure"/> moves them to failed.</para>
/// <para>Serilog 4 batched sinks and PeriodicBatching 5 sinks are replaced by a <see cref="NativeBatchedSink"/>
/// here (see <see cref="BatchedSinkUnwrapper"/>), so that our writer drives them with no second queue.</para>
/// </remarks>
internal sealed class SinkDispatcher
{
    private readonly ILogEventSink[] _sinks;
    private readonly IFapilogBatchSink?[] _batchSinks;
    private readonly NativeBatchedSink?[] _nativeBatched;
    private readonly Action?[] _flushToDisk;
    private readonly SelfLogReporter _reporter;
    private readonly Thread? _writer;
    private readonly FailureReports? _failures;
    private readonly LevelRoutingSink?[] _routing;

    // The sink being called, -1 outside any call: written by the writer, read by any thread that reports. A report
    // from another thread during the call (a sink completing its work on a pool thread) is queued in _inCall and
    // applied by the writer right after the call, so it still marks the call's events failed.
    private volatile int _callSink = -1;
    private readonly ConcurrentQueue<(int Sink, int Event, IReadOnlyCollection<LogEvent>? Events)> _inCall = new();

    // The rest of the call in progress: written and read on the writer thread only.
    private FapilogEvent[]? _callBatch;    // the batch being handed out, and its length
    private int _callCount;
    private volatile int _callEvent = -1;  // for a plain sink: the position being emitted; -1 for a batch call (read by reporters)
    private bool[]? _callFailed;
    private int _callReported;            // events this call marked failed through the listener

    public SinkDispatcher(IReadOnlyList<ILogEventSink> sinks, SelfLogReporter reporter, Thread? writer, BatchedSinkSettings batched, FailureReports? failures)
    {
        _reporter = reporter;
        _writer = writer;
        _failures = failures;
        _sinks = new ILogEventSink[sinks.Count];
        _batchSinks = new IFapilogBatchSink?[sinks.Count];
        _nativeBatched = new NativeBatchedSink?[sinks.Count];
        _flushToDisk = new Action?[sinks.Count];
        _routing = new LevelRoutingSink?[sinks.Count];
        bool nestedEmptyBatches = false;
        for (int i = 0; i < sinks.Count; i++)
        {
            // Batched sinks are driven natively only from a writer thread: outside a pipeline (a routing filter used on
            // its own) they are called from any thread and keep their own queue.
            var sink = writer is not null && BatchedSinkUnwrapper.TryUnwrap(sinks[i], batched, reporter, out var native) ? native! : sinks[i];
            _sinks[i] = sink;
            _batchSinks[i] = sink as IFapilogBatchSink;
            _nativeBatched[i] = sink as NativeBatchedSink;
            _flushToDisk[i] = FlushableFileSink.TryBind(sink);
            if (sink is LevelRoutingSink routing && writer is not null)
            {
                // A routing filter: its sinks get this pipeline's dispatching, listeners and flushes.
                var nested = routing.Attach(reporter, writer, batched, failures);
                _routing[i] = routing;
                nestedEmptyBatches |= nested.WantsEmptyBatches;
            }

            ListenTo(sink, i);
        }

        WantsEmptyBatches = nestedEmptyBatches || Array.Exists(_nativeBatched, n => n is { WantsEmptyBatches: true });
    }

    public int Count => _sinks.Length;

    /// <summary>Whether one of them does something in <c>OnEmptyBatchAsync</c> (the idle writer then wakes for it).</summary>
    public bool WantsEmptyBatches { get; }

    /// <summary>Writer thread: writes the batch to every sink; sets <c>failed[i]</c> when any sink failed event <c>i</c>.</summary>
    /// <returns>The last exception seen, or <see langword="null"/>.</returns>
    public Exception? Dispatch(FapilogEvent[] batch, int count, bool[] failed)
    {
        Invariants.Holds(_writer is null || Thread.CurrentThread == _writer, "the dispatcher hands batches out on the writer thread");
        Exception? last = null;
        _callBatch = batch;
        _callCount = count;
        _callFailed = failed;
        try
        {
            for (int s = 0; s < _sinks.Length; s++)
            {
                _callSink = s;
                var batchSink = _batchSinks[s];
                last = batchSink is not null
                    ? EmitBatchTo(s, batchSink, batch, count, failed) ?? last
                    : EmitEachTo(s, batch, count, failed) ?? last;
                _callSink = -1;
                ApplyInCallReports(s, failed);
            }
        }
        finally
        {
            _callSink = -1;
            _callBatch = null;
            _callFailed = null;
        }

        return last;
    }

    /// <summary>
    /// Writer thread: asks every sink that buffers to hand what it holds on. <paramref name="deep"/> (an explicit
    /// flush or the close) also reaches Serilog.Sinks.File's buffered writers (<c>IFlushableFileSink</c>), whose
    /// flush goes to the disk; the flush the writer does whenever its queue runs empty leaves those alone.
    /// </summary>
    public void Flush(bool deep)
    {
        for (int s = 0; s < _sinks.Length; s++)
        {
            try
            {
                if (_routing[s] is { } routing)
                {
                    routing.Flush(deep);
                }
                else if (_batchSinks[s] is { } batchSink)
                {
                    batchSink.Flush();
                }
                else if (deep && _flushToDisk[s] is { } flushToDisk)
                {
                    flushToDisk();
                }
            }
            catch (Exception ex)
            {
                _reporter.SinkFailed(_sinks[s], ex, 0);
            }
        }
    }

    /// <summary>
    /// Writer thread, idle or exiting: a report queued during a call just as the call ended was not applied to it;
    /// it is about events the sink had, so it is a late failure.
    /// </summary>
    public void ReportStrayAsLate()
    {
        foreach (var routing in _routing)
        {
            routing?.ReportStrayAsLate();
        }

        while (_inCall.TryDequeue(out var report))
        {
            if (report.Events is { Count: > 0 } events)
            {
                ReportLate(report.Sink, events, new LoggingFailedException("the sink reported a failure"), LoggingFailureKind.Permanent, onWriter: true);
            }
        }
    }

    /// <summary>Writer thread, when the queue has run empty and the writer is about to park.</summary>
    public void OnIdle()
    {
        foreach (var native in _nativeBatched)
        {
            native?.OnEmptyBatch();
        }

        foreach (var routing in _routing)
        {
            routing?.OnIdle();
        }
    }

    /// <summary>Disposes every sink in order; one failing disposal does not stop the next.</summary>
    public void DisposeAll(TimeSpan asyncDisposeBound)
    {
        foreach (var sink in _sinks)
        {
            SinkDisposal.Dispose(sink, asyncDisposeBound, _reporter);
        }
    }

    private Exception? EmitBatchTo(int s, IFapilogBatchSink batchSink, FapilogEvent[] batch, int count, bool[] failed)
    {
        _callEvent = -1;
        _callReported = 0;
        Exception? last = null;
        try
        {
            batchSink.EmitBatch(new ReadOnlySpan<FapilogEvent>(batch, 0, count));
        }
        catch (PartialBatchException partial) when (partial.FailedIndexes.Count > 0)
        {
            // Distinct, in-range positions only: a sink that repeats an index fails that event once.
            var marked = new HashSet<int>();
            foreach (int index in partial.FailedIndexes)
            {
                if ((uint)index < (uint)count && marked.Add(index))
                {
                    failed[index] = true;
                }
            }

            last = partial.InnerException ?? partial;
            if (_routing[s] is null)
            {
                // A routing filter's own dispatcher has reported its sinks' failures under their names already.
                _reporter.SinkFailed(_sinks[s], last, marked.Count);
            }
        }
        catch (Exception ex)
        {
            Array.Fill(failed, true, 0, count);
            last = ex;
            _reporter.SinkFailed(_sinks[s], ex, count);
        }

        if (last is null && _callReported > 0)
        {
            _reporter.SinkFailed(_sinks[s], new LoggingFailedException("the sink reported a failure"), _callReported);
        }

        return last;
    }

    private Exception? EmitEachTo(int s, FapilogEvent[] batch, int count, bool[] failed)
    {
        var sink = _sinks[s];
        int failures = 0;
        Exception? last = null;
        for (int i = 0; i < count; i++)
        {
            _callEvent = i;
            _callReported = 0;
            WriterContext.Enter(in batch[i]);
            try
            {
                sink.Emit(batch[i].LogEvent);
            }
            catch (Exception ex)
            {
                failed[i] = true;
                _callReported = 1;
                last = ex;
            }
            finally
            {
                WriterContext.Exit();
            }

            failures += _callReported;
        }

        _callEvent = -1;
        if (failures > 0)
        {
            _reporter.SinkFailed(sink, last ?? new LoggingFailedException("the sink reported a failure"), failures);
        }

        return last;
    }

    private void ListenTo(ILogEventSink sink, int index)
    {
        if (sink is not ISetLoggingFailureListener settable)
        {
            return;
        }

        try
        {
            settable.SetFailureListener(new InnerListener(this, index));
        }
        catch (Exception ex)
        {
            _reporter.Error($"sink {sink.GetType().Name} threw from SetFailureListener: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Any thread: an inner sink reported a failure through our listener.</summary>
    private void OnInnerFailure(int sink, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
    {
        string sinkName = _sinks[sink].GetType().Name;
        if (kind == LoggingFailureKind.Temporary)
        {
            // The sink keeps the events and tries again itself: nothing is lost yet.
            _reporter.TemporaryFailure(sinkName, message, exception);
            return;
        }

        bool onWriter = Thread.CurrentThread == _writer;
        if (_callSink == sink)
        {
            if (onWriter && _callFailed is { } failed)
            {
                MarkReported(sink, events, failed);
            }
            else
            {
                _inCall.Enqueue((sink, _callEvent, events));
            }

            return;
        }

        ReportLate(sink, events, exception ?? new LoggingFailedException(message), kind, onWriter);
    }

    /// <summary>A failure about events we handed over earlier: they were counted written and move to failed.</summary>
    private void ReportLate(int sink, IReadOnlyCollection<LogEvent>? events, Exception exception, LoggingFailureKind kind, bool onWriter)
    {
        _reporter.SinkFailed(_sinks[sink], exception, events?.Count ?? 0);
        if (events is { Count: > 0 })
        {
            _failures?.LateFailure(kind, events, exception, _sinks[sink].GetType().Name, onWriter);
        }
    }

    /// <summary>Writer thread, after a call: applies what the sink reported from other threads during it.</summary>
    private void ApplyInCallReports(int sink, bool[] failed)
    {
        if (_inCall.IsEmpty)
        {
            return;
        }

        int before = _callReported;
        _callEvent = -1;
        _callReported = 0;
        while (_inCall.TryDequeue(out var report))
        {
            if (report.Sink == sink)
            {
                _callEvent = report.Event; // a report naming no events is about the event that was in hand
                MarkReported(sink, report.Events, failed);
                _callEvent = -1;
            }
            else if (report.Events is { Count: > 0 } events)
            {
                // It arrived after that sink's call had ended: about events it had, so a late failure.
                ReportLate(report.Sink, events, new LoggingFailedException("the sink reported a failure"), LoggingFailureKind.Permanent, onWriter: true);
            }
        }

        if (_callReported > 0)
        {
            _reporter.SinkFailed(_sinks[sink], new LoggingFailedException("the sink reported a failure"), _callReported);
        }

        _callReported = before;
    }

    /// <summary>
    /// Writer thread, inside or right after a call: marks the reported events of the call as failed. Reported
    /// events that are not part of the call (an earlier one the sink had buffered) take the late path.
    /// </summary>
    private void MarkReported(int sink, IReadOnlyCollection<LogEvent>? events, bool[] failed)
    {
        // A plain sink may report the event it is being handed or one it was handed earlier in this batch (not
        // counted yet either); with no events named, the report is about the one in hand.
        int first = _callEvent >= 0 && events is null ? _callEvent : 0;
        int end = _callEvent >= 0 ? _callEvent + 1 : _callCount;
        int matched = 0;
        for (int i = first; i < end; i++)
        {
            if (events is null || Contains(events, _callBatch![i].LogEvent))
            {
                matched++;
                failed[i] = true;
                _callReported = _callEvent >= 0 ? 1 : _callReported + 1;
            }
        }

        if (events is not null && matched < events.Count)
        {
            var others = new List<LogEvent>(events.Count - matched);
            foreach (var e in events)
            {
                if (!InCall(e, first, end))
                {
                    others.Add(e);
                }
            }

            ReportLate(sink, others, new LoggingFailedException("the sink reported events of an earlier batch as lost"), LoggingFailureKind.Permanent, onWriter: true);
        }
    }

    private bool InCall(LogEvent logEvent, int first, int end)
    {
        for (int i = first; i < end; i++)
        {
            if (ReferenceEquals(_callBatch![i].LogEvent, logEvent))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyCollection<LogEvent> events, LogEvent logEvent)
    {
        foreach (var e in events)
        {
            if (ReferenceEquals(e, logEvent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The listener one inner sink gets: forwards to the dispatcher with the sink's position.</summary>
    private sealed class InnerListener : ILoggingFailureListener
    {
        private readonly SinkDispatcher _owner;
        private readonly int _sink;

        public InnerListener(SinkDispatcher owner, int sink)
        {
            _owner = owner;
            _sink = sink;
        }

        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
        {
            try
            {
                _owner.OnInnerFailure(_sink, kind, message, events, exception);
            }
            catch (Exception)
            {
                // A listener must never throw back into the sink that reports to it.
            }
        }
    }
}
