using System;
using System.Collections.Generic;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>A batch-aware sink that records every batch it gets (read after the pipeline is closed).</summary>
internal sealed class RecordingBatchSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    public List<FapilogEvent> Events { get; } = new();

    public List<int> BatchSizes { get; } = new();

    public int Flushes { get; private set; }

    /// <summary>Every call in order: <c>batch</c> (with the last event's sequence), <c>flush</c>, <c>dispose</c>.</summary>
    public List<string> Calls { get; } = new();

    public int PlainEmits { get; private set; }

    public bool Disposed { get; private set; }

    public Func<FapilogEvent, bool>? FailWhen { get; set; }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        BatchSizes.Add(batch.Length);
        Calls.Add("batch " + batch[^1].Sequence);
        foreach (var e in batch)
        {
            if (FailWhen?.Invoke(e) == true)
            {
                throw new InvalidOperationException("batch failure");
            }
        }

        Events.AddRange(batch.ToArray());
    }

    public void Flush()
    {
        Flushes++;
        Calls.Add("flush");
    }

    public void Emit(LogEvent logEvent) => PlainEmits++;

    public void Dispose()
    {
        Disposed = true;
        Calls.Add("dispose");
    }
}
