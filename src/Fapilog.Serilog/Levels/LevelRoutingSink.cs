using System;
using System.Collections.Generic;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Passes on only the events whose fapilog level matches a predicate, to the sinks it wraps: a filter in front of
/// a <see cref="SinkDispatcher"/>, the same one that serves the pipeline, so the wrapped sinks get everything the
/// pipeline gives its own (batches, failure listeners, Serilog.Sinks.File's flush, natively driven batched sinks,
/// guarded disposal).
/// </summary>
/// <remarks>
/// Inside <c>WriteTo.Fapilog(...)</c> the pipeline's dispatcher attaches it (<see cref="Attach"/>): its dispatcher
/// then runs on the writer thread with the pipeline's reporter and failure reports. Used anywhere else it is a plain
/// synchronous sink of Serilog's, called from any thread: its dispatcher is made on first use, with a reporter of its
/// own, and one event is dispatched at a time.
/// </remarks>
internal sealed class LevelRoutingSink : ILogEventSink, IFapilogBatchSink, IDisposable
{
    private readonly ILogEventSink[] _sinks;
    private readonly Func<FapilogLevel, bool> _include;
    private readonly object _standaloneLock = new();
    private readonly FapilogEvent[] _one = new FapilogEvent[1];     // under _standaloneLock
    private readonly bool[] _oneFailed = new bool[1];              // under _standaloneLock
    private volatile SinkDispatcher? _dispatcher;
    private TimeSpan _disposeBound = StandaloneBound;
    private int _attached;
    private int _disposed;

    // Writer thread only (attached): the selected events, where each came from, and which of them failed.
    private FapilogEvent[] _selected = new FapilogEvent[64];
    private int[] _origin = new int[64];
    private bool[] _failed = new bool[64];

    public LevelRoutingSink(IEnumerable<ILogEventSink> sinks, Func<FapilogLevel, bool> include)
    {
        _sinks = new List<ILogEventSink>(sinks).ToArray();
        _include = include;
    }

    /// <summary>Pipeline construction: dispatch on the pipeline's writer, with its reporter and failure reports.</summary>
    /// <exception cref="InvalidOperationException">The filter is already attached (one pipeline owns it).</exception>
    public SinkDispatcher Attach(SelfLogReporter reporter, System.Threading.Thread? writer, BatchedSinkSettings batched, FailureReports? failures)
    {
        if (System.Threading.Interlocked.Exchange(ref _attached, 1) != 0)
        {
            throw new InvalidOperationException("A routing filter belongs to one pipeline: it is already attached.");
        }

        _disposeBound = batched.DisposeBound;
        return _dispatcher = new SinkDispatcher(_sinks, reporter, writer, batched, failures);
    }

    /// <summary>Outside a pipeline: one event at a time, on the caller's thread, as any synchronous Serilog sink.</summary>
    public void Emit(LogEvent logEvent)
    {
        var level = LevelClassifier.Classify(logEvent);
        if (!_include(level))
        {
            return;
        }

        Exception? error;
        bool failed;
        lock (_standaloneLock)
        {
            // One event at a time, so one pair of arrays serves every call.
            _one[0] = FapilogEvent.Standalone(logEvent); // a fresh message_id, as any event outside a pipeline
            _oneFailed[0] = false;
            error = Dispatcher().Dispatch(_one, 1, _oneFailed);
            failed = _oneFailed[0];
            _one[0] = default;
        }

        if (failed)
        {
            throw error ?? new global::Serilog.Debugging.LoggingFailedException("a routed sink failed");
        }
    }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        if (_selected.Length < batch.Length)
        {
            _selected = new FapilogEvent[batch.Length];
            _origin = new int[batch.Length];
            _failed = new bool[batch.Length];
        }

        int count = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            if (_include(batch[i].Level))
            {
                _origin[count] = i;
                _failed[count] = false;
                _selected[count++] = batch[i];
            }
        }

        if (count == 0)
        {
            return;
        }

        var error = Dispatcher().Dispatch(_selected, count, _failed);
        List<int>? failed = null;
        for (int i = 0; i < count; i++)
        {
            if (_failed[i])
            {
                // Positions in the batch we were given, so the pipeline counts exactly the events that failed.
                (failed ??= new List<int>()).Add(_origin[i]);
            }
        }

        Array.Clear(_selected, 0, count);
        if (failed is not null)
        {
            throw new PartialBatchException(failed, error);
        }
    }

    public void Flush() => Flush(deep: false);

    /// <summary>The pipeline's flush, passed on: <paramref name="deep"/> reaches Serilog.Sinks.File's buffers too.</summary>
    public void Flush(bool deep) => _dispatcher?.Flush(deep);

    /// <summary>The pipeline's flush, from its own dispatcher: deep flushes of the remote outputs behind this filter are started and added to <paramref name="started"/>, to be waited for with the others.</summary>
    internal void Flush(bool deep, System.Collections.Generic.List<RemoteFlush>? started) => _dispatcher?.Flush(deep, started);

    /// <summary>Writer thread, idle: natively driven batched sinks behind the filter get their empty batches.</summary>
    public void OnIdle() => _dispatcher?.OnIdle();

    /// <summary>Writer thread, idle or exiting: reports its sinks made as a call ended become late failures.</summary>
    public void ReportStrayAsLate() => _dispatcher?.ReportStrayAsLate();

    /// <summary>The pipeline is closing: the remote outputs behind this filter start their drains with the others.</summary>
    public void BeginRemoteCloses() => _dispatcher?.BeginRemoteCloses();

    public void CollectRemoteStats(System.Collections.Generic.List<FapilogOutputStats> into) => SinkDisposal.CollectRemoteStats(_sinks, into);

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Dispatcher().DisposeAll(_disposeBound);
        }
    }

    /// <summary>The attached dispatcher, or (outside a pipeline) one of our own, made on first use.</summary>
    private SinkDispatcher Dispatcher()
    {
        if (_dispatcher is { } attached)
        {
            return attached;
        }

        lock (_standaloneLock)
        {
            return _dispatcher ??= new SinkDispatcher(
                _sinks, new SelfLogReporter("routing", new PipelineCounters(), TimeProvider.System, TimeSpan.FromSeconds(10)),
                writer: null, new BatchedSinkSettings(BatchedSinkSettings.DefaultRetryDelays, StandaloneBound), failures: null);
        }
    }

    private static readonly TimeSpan StandaloneBound = TimeSpan.FromSeconds(5);
}
