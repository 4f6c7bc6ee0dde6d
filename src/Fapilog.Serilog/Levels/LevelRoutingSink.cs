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
    private int[] _origin = new int[64];

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
            _origin = new int[batch.Length];
        }

        int count = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            if (_include(batch[i].Level))
            {
                _origin[count] = i;
                _scratch[count++] = batch[i];
            }
        }

        if (count == 0)
        {
            return;
        }

        var selected = new ReadOnlySpan<FapilogEvent>(_scratch, 0, count);
        SortedSet<int>? failed = null;
        Exception? first = null;
        foreach (var sink in _sinks)
        {
            if (sink is IFapilogBatchSink batchSink)
            {
                try
                {
                    batchSink.EmitBatch(selected);
                }
                catch (PartialBatchException partial) when (partial.FailedIndexes.Count > 0)
                {
                    foreach (int index in partial.FailedIndexes)
                    {
                        if ((uint)index < (uint)count)
                        {
                            Fail(ref failed, ref first, _origin[index], partial.InnerException ?? partial);
                        }
                    }
                }
                catch (Exception ex)
                {
                    for (int i = 0; i < count; i++)
                    {
                        Fail(ref failed, ref first, _origin[i], ex);
                    }
                }

                continue;
            }

            for (int i = 0; i < count; i++)
            {
                WriterContext.Enter(in _scratch[i]);
                try
                {
                    sink.Emit(_scratch[i].LogEvent);
                }
                catch (Exception ex)
                {
                    Fail(ref failed, ref first, _origin[i], ex);
                }
                finally
                {
                    WriterContext.Exit();
                }
            }
        }

        Array.Clear(_scratch, 0, count);
        if (failed is not null)
        {
            // Positions in the batch we were given, so the pipeline counts exactly the events that failed.
            throw new PartialBatchException(new List<int>(failed), first);
        }
    }

    private static void Fail(ref SortedSet<int>? failed, ref Exception? first, int originalIndex, Exception ex)
    {
        (failed ??= new()).Add(originalIndex);
        first ??= ex;
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
