using System;
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
/// written: <see cref="LateFailure"/> moves them to failed.</para>
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

    // The call in progress on the writer thread, for failures a sink reports through our listener while inside
    // it. Written and read on the writer thread only (a report from any other thread is a late failure).
    private int _callSink = -1;           // index of the sink being called, -1 outside any call
    private FapilogEvent[]? _callBatch;    // the batch being handed out, and its length
    private int _callCount;
    private int _callEvent = -1;           // for a plain sink: the position being emitted; -1 for a batch call
    private bool[]? _callFailed;
    private int _callReported;            // events this call marked failed through the listener

    public SinkDispatcher(IReadOnlyList<ILogEventSink> sinks, SelfLogReporter reporter, Thread? writer, BatchedSinkSettings batched)
    {
        _reporter = reporter;
        _writer = writer;
        _sinks = new ILogEventSink[sinks.Count];
        _batchSinks = new IFapilogBatchSink?[sinks.Count];
        _nativeBatched = new NativeBatchedSink?[sinks.Count];
        _flushToDisk = new Action?[sinks.Count];
        for (int i = 0; i < sinks.Count; i++)
        {
            var sink = BatchedSinkUnwrapper.TryUnwrap(sinks[i], batched, reporter, out var native) ? native! : sinks[i];
            _sinks[i] = sink;
            _batchSinks[i] = sink as IFapilogBatchSink;
            _nativeBatched[i] = sink as NativeBatchedSink;
            _flushToDisk[i] = FlushableFileSink.TryBind(sink);
            ListenTo(sink, i);
        }
    }

    /// <summary>Where failures reported outside our calls go: (kind, events, exception, sink name).</summary>
    public Action<LoggingFailureKind, IReadOnlyCollection<LogEvent>?, Exception?, string>? LateFailure { get; set; }

    public int Count => _sinks.Length;

    /// <summary>Whether any sink prefers full batches (<see cref="IFapilogBufferedBatchSink"/>).</summary>
    public bool PrefersFullBatches => Array.Exists(_sinks, sink => sink is IFapilogBufferedBatchSink);

    /// <summary>Writer thread: writes the batch to every sink; sets <c>failed[i]</c> when any sink failed event <c>i</c>.</summary>
    /// <returns>The last exception seen, or <see langword="null"/>.</returns>
    public Exception? Dispatch(FapilogEvent[] batch, int count, bool[] failed)
    {
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
                if (_batchSinks[s] is { } batchSink)
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

    /// <summary>Writer thread, when the queue has run empty and the writer is about to park.</summary>
    public void OnIdle()
    {
        foreach (var native in _nativeBatched)
        {
            native?.OnEmptyBatch();
        }
    }

    /// <summary>Disposes every sink in order; one failing disposal does not stop the next.</summary>
    public void DisposeAll(TimeSpan asyncDisposeBound)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                if (sink is IDisposable disposable)
                {
                    disposable.Dispose();
                }
                else if (sink is IAsyncDisposable asyncDisposable)
                {
                    // Serilog's sync Dispose skips sinks that are only IAsyncDisposable; we do not.
                    var task = asyncDisposable.DisposeAsync().AsTask();
                    if (!task.Wait(asyncDisposeBound))
                    {
                        _reporter.Error($"sink {sink.GetType().Name} did not finish DisposeAsync within {asyncDisposeBound.TotalMilliseconds:0} ms");
                    }
                }
            }
            catch (Exception ex)
            {
                _reporter.Error($"sink {sink.GetType().Name} threw on dispose: {ex.GetType().Name}: {ex.Message}");
            }
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
            _reporter.SinkFailed(_sinks[s], last, marked.Count);
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

        if (Thread.CurrentThread == _writer && _callSink == sink && _callFailed is { } failed)
        {
            MarkReported(events, failed);
            return;
        }

        _reporter.SinkFailed(_sinks[sink], exception ?? new LoggingFailedException(message), events?.Count ?? 0);
        LateFailure?.Invoke(kind, events, exception ?? new LoggingFailedException(message), sinkName);
    }

    /// <summary>Writer thread, inside a call: marks the reported events of the call in progress as failed.</summary>
    private void MarkReported(IReadOnlyCollection<LogEvent>? events, bool[] failed)
    {
        if (_callEvent >= 0)
        {
            // A plain sink reports about the event it is being handed (or about nothing in particular).
            if (events is null || Contains(events, _callBatch![_callEvent].LogEvent))
            {
                failed[_callEvent] = true;
                _callReported = 1;
            }

            return;
        }

        for (int i = 0; i < _callCount; i++)
        {
            if (events is null || Contains(events, _callBatch![i].LogEvent))
            {
                failed[i] = true;
                _callReported++;
            }
        }
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
