using System;
using System.Collections.Generic;
using Serilog.Core;

namespace Fapilog.Serilog;

/// <summary>
/// Hands batches to the wrapped sinks on the writer thread: a batch-aware sink gets one call per batch, a
/// plain sink one <c>Emit</c> per event. Each sink is isolated: an exception marks events as failed for that
/// sink only and the next sink still gets the batch.
/// </summary>
internal sealed class SinkDispatcher
{
    private readonly ILogEventSink[] _sinks;
    private readonly IFapilogBatchSink?[] _batchSinks;
    private readonly SelfLogReporter _reporter;

    public SinkDispatcher(IReadOnlyList<ILogEventSink> sinks, SelfLogReporter reporter)
    {
        _sinks = new ILogEventSink[sinks.Count];
        _batchSinks = new IFapilogBatchSink?[sinks.Count];
        for (int i = 0; i < sinks.Count; i++)
        {
            _sinks[i] = sinks[i];
            _batchSinks[i] = sinks[i] as IFapilogBatchSink;
        }

        _reporter = reporter;
    }

    public int Count => _sinks.Length;

    /// <summary>Whether any sink prefers full batches (<see cref="IFapilogBufferedBatchSink"/>).</summary>
    public bool PrefersFullBatches => Array.Exists(_sinks, sink => sink is IFapilogBufferedBatchSink);

    /// <summary>Writes the batch to every sink; sets <c>failed[i]</c> when any sink failed event <c>i</c>.</summary>
    /// <returns>The last exception seen, or <see langword="null"/>.</returns>
    public Exception? Dispatch(ReadOnlySpan<FapilogEvent> batch, Span<bool> failed)
    {
        Exception? last = null;
        for (int s = 0; s < _sinks.Length; s++)
        {
            var batchSink = _batchSinks[s];
            if (batchSink is not null)
            {
                try
                {
                    batchSink.EmitBatch(batch);
                }
                catch (PartialBatchException partial) when (partial.FailedIndexes.Count > 0)
                {
                    // Distinct, in-range positions only: a sink that repeats an index fails that event once.
                    var marked = new HashSet<int>();
                    foreach (int index in partial.FailedIndexes)
                    {
                        if ((uint)index < (uint)failed.Length && marked.Add(index))
                        {
                            failed[index] = true;
                        }
                    }

                    last = partial.InnerException ?? partial;
                    _reporter.SinkFailed(_sinks[s], last, marked.Count);
                }
                catch (Exception ex)
                {
                    failed.Fill(true);
                    last = ex;
                    _reporter.SinkFailed(_sinks[s], ex, batch.Length);
                }

                continue;
            }

            var sink = _sinks[s];
            int failures = 0;
            for (int i = 0; i < batch.Length; i++)
            {
                WriterContext.Enter(in batch[i]);
                try
                {
                    sink.Emit(batch[i].LogEvent);
                }
                catch (Exception ex)
                {
                    failed[i] = true;
                    failures++;
                    last = ex;
                }
                finally
                {
                    WriterContext.Exit();
                }
            }

            if (failures > 0)
            {
                _reporter.SinkFailed(sink, last!, failures);
            }
        }

        return last;
    }

    /// <summary>Asks every batch-aware sink to hand its buffer to the OS.</summary>
    public void Flush()
    {
        foreach (var batchSink in _batchSinks)
        {
            if (batchSink is null)
            {
                continue;
            }

            try
            {
                batchSink.Flush();
            }
            catch (Exception ex)
            {
                _reporter.SinkFailed(batchSink, ex, 0);
            }
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
                    // Serilog 3.1.1's sync Dispose skips sinks that are only IAsyncDisposable; we do not.
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
}
