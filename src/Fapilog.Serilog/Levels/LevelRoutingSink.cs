using System;
using System.Collections.Generic;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Passes on only the events whose fapilog level matches a predicate, to the sinks it wraps. Batch-aware, so
/// routing inside <c>WriteTo.Fapilog(...)</c> keeps batch-native outputs batched.
/// </summary>
internal sealed class LevelRoutingSink : ILogEventSink, IFapilogBatchSink, IDisposable
{
    private readonly ILogEventSink[] _sinks;
    private readonly Func<FapilogLevel, bool> _include;
    private FapilogEvent[] _scratch = new FapilogEvent[64];

    public LevelRoutingSink(IEnumerable<ILogEventSink> sinks, Func<FapilogLevel, bool> include)
    {
        _sinks = new List<ILogEventSink>(sinks).ToArray();
        _include = include;
    }

    public void Emit(LogEvent logEvent)
    {
        if (!_include(LevelClassifier.Classify(logEvent)))
        {
            return;
        }

        List<Exception>? errors = null;
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Emit(logEvent);
            }
            catch (Exception ex)
            {
                (errors ??= new()).Add(ex);
            }
        }

        ThrowIfAny(errors);
    }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        if (_scratch.Length < batch.Length)
        {
            _scratch = new FapilogEvent[batch.Length];
        }

        int count = 0;
        foreach (var e in batch)
        {
            if (_include(e.Level))
            {
                _scratch[count++] = e;
            }
        }

        if (count == 0)
        {
            return;
        }

        var selected = new ReadOnlySpan<FapilogEvent>(_scratch, 0, count);
        List<Exception>? errors = null;
        foreach (var sink in _sinks)
        {
            try
            {
                if (sink is IFapilogBatchSink batchSink)
                {
                    batchSink.EmitBatch(selected);
                    continue;
                }

                foreach (var e in selected)
                {
                    WriterContext.Enter(in e);
                    try
                    {
                        sink.Emit(e.LogEvent);
                    }
                    finally
                    {
                        WriterContext.Exit();
                    }
                }
            }
            catch (Exception ex)
            {
                (errors ??= new()).Add(ex);
            }
        }

        Array.Clear(_scratch, 0, count);
        ThrowIfAny(errors);
    }

    public void Flush()
    {
        foreach (var sink in _sinks)
        {
            (sink as IFapilogBatchSink)?.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var sink in _sinks)
        {
            try
            {
                (sink as IDisposable)?.Dispose();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                global::Serilog.Debugging.SelfLog.WriteLine("Fapilog routing: a sink threw on dispose: {0}", ex);
            }
        }
    }

    private static void ThrowIfAny(List<Exception>? errors)
    {
        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
        }
    }
}
