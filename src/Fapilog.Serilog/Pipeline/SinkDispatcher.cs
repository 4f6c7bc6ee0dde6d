using System;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Debugging;

namespace Fapilog.Serilog;

/// <summary>
/// Hands batches to the wrapped sinks on the writer thread: a batch-aware sink gets one call per batch, a
/// plain sink one <c>Emit</c> per event. Each sink is isolated: an exception marks events as failed for that
/// sink only and the next sink still gets the batch.
/// </summary>
/// <remarks>
/// <para>Every inner sink that implements <see cref="ISetLoggingFailureListener"/> gets a listener of ours; what it
/// reports is matched to the call in progress by <see cref="InnerSinkReports"/>.</para>
/// <para>Serilog 4 batched sinks and PeriodicBatching 5 sinks are replaced by a <see cref="NativeBatchedSink"/>
/// here (see <see cref="BatchedSinkUnwrapper"/>), so that our writer drives them with no second queue.</para>
/// </remarks>
internal sealed partial class SinkDispatcher
{
    private readonly ILogEventSink[] _sinks;
    private readonly IFapilogBatchSink?[] _batchSinks;
    private readonly NativeBatchedSink?[] _nativeBatched;
    private readonly Action?[] _flushToDisk;
    private readonly SelfLogReporter _reporter;
    private readonly Thread? _writer;
    private readonly FailureReports? _failures;
    private readonly LevelRoutingSink?[] _routing;

    // What inner sinks report through their failure listeners, matched to the call in progress.
    private readonly InnerSinkReports _calls;

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
        _calls = new InnerSinkReports(_sinks, reporter, writer, failures);
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

    /// <summary>Whether one of them does something in <c>OnEmptyBatchAsync</c> (the idle writer then wakes for it).</summary>
    public bool WantsEmptyBatches { get; }

    /// <summary>Writer thread: writes the batch to every sink; sets <c>failed[i]</c> when any sink failed event <c>i</c>.</summary>
    /// <returns>The last exception seen, or <see langword="null"/>.</returns>
    public Exception? Dispatch(FapilogEvent[] batch, int count, bool[] failed)
    {
        Invariants.Holds(_writer is null || Thread.CurrentThread == _writer, "the dispatcher hands batches out on the writer thread");
        Exception? last = null;
        try
        {
            for (int s = 0; s < _sinks.Length; s++)
            {
                _calls.BeginCall(s, batch, count, failed);
                var batchSink = _batchSinks[s];
                last = batchSink is not null
                    ? EmitBatchTo(s, batchSink, batch, count, failed) ?? last
                    : EmitEachTo(s, batch, count, failed) ?? last;
                _calls.EndCall(s, failed);
            }
        }
        finally
        {
            _calls.EndDispatch();
        }

        return last;
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

        _calls.ReportStrayAsLate();
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

    /// <summary>
    /// Writer thread, closing: every remote output (behind routing filters too) stops admission and starts its drain, so
    /// that they drain in parallel while the sinks are flushed and disposed in order. Idempotent.
    /// </summary>
    public void BeginRemoteCloses() => SinkDisposal.BeginRemoteCloses(_sinks, _reporter);

    public void CollectRemoteStats(System.Collections.Generic.List<FapilogOutputStats> into) => SinkDisposal.CollectRemoteStats(_sinks, into);

    /// <summary>Disposes every sink in order; one failing disposal does not stop the next.</summary>
    public void DisposeAll(TimeSpan asyncDisposeBound)
    {
        BeginRemoteCloses(); // again, for a dispatcher disposed without the writer's exit (routing used on its own)
        foreach (var sink in _sinks)
        {
            SinkDisposal.Dispose(sink, asyncDisposeBound, _reporter);
        }
    }

    private Exception? EmitBatchTo(int s, IFapilogBatchSink batchSink, FapilogEvent[] batch, int count, bool[] failed)
    {
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

        if (last is null && _calls.Reported > 0)
        {
            _reporter.SinkFailed(_sinks[s], new LoggingFailedException("the sink reported a failure"), _calls.Reported);
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
            _calls.BeginEvent(i);
            bool threw = false;
            WriterContext.Enter(in batch[i]);
            try
            {
                sink.Emit(batch[i].LogEvent);
            }
            catch (Exception ex)
            {
                failed[i] = true;
                threw = true;
                last = ex;
            }
            finally
            {
                WriterContext.Exit();
            }

            // Once per event, whether it threw, reported itself through the listener, or both.
            failures += threw || _calls.Reported > 0 ? 1 : 0;
        }

        _calls.EndEvents();
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
            settable.SetFailureListener(_calls.ListenerFor(index));
        }
        catch (Exception ex)
        {
            _reporter.Error($"sink {sink.GetType().Name} threw from SetFailureListener: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
