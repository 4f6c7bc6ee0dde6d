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

    public int PlainEmits { get; private set; }

    public bool Disposed { get; private set; }

    public Func<FapilogEvent, bool>? FailWhen { get; set; }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        BatchSizes.Add(batch.Length);
        foreach (var e in batch)
        {
            if (FailWhen?.Invoke(e) == true)
            {
                throw new InvalidOperationException("batch failure");
            }
        }

        Events.AddRange(batch.ToArray());
    }

    public void Flush() => Flushes++;

    public void Emit(LogEvent logEvent) => PlainEmits++;

    public void Dispose() => Disposed = true;
}
