using System;
using System.Collections.Generic;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Formats the events of a batch one by one into a buffer, so that an event whose formatter throws is cut
/// back out of the buffer and remembered instead of failing the whole batch; <see cref="ThrowIfAny"/> then
/// reports just those events to the pipeline.
/// </summary>
internal struct BatchFailures
{
    private List<int>? _indexes;
    private Exception? _first;

    /// <summary>Formats event <paramref name="index"/>; returns false (buffer unchanged) when its formatter threw.</summary>
    public bool TryFormat(IUtf8EventFormatter formatter, in FapilogEvent e, int index, PooledByteBuffer buffer)
    {
        int before = buffer.Count;
        try
        {
            formatter.Format(in e, buffer);
            return true;
        }
        catch (Exception ex)
        {
            buffer.Truncate(before);
            (_indexes ??= new()).Add(index);
            _first ??= ex;
            return false;
        }
    }

    /// <summary>Marks every event from <paramref name="from"/> on (that the sink would write) as failed.</summary>
    public void FailFrom(int from, ReadOnlySpan<FapilogEvent> batch, global::Serilog.Events.LogEventLevel minimumLevel, Exception cause)
    {
        _indexes ??= new();
        for (int i = from; i < batch.Length; i++)
        {
            if (batch[i].LogEvent.Level >= minimumLevel && !_indexes.Contains(i))
            {
                _indexes.Add(i);
            }
        }

        _first ??= cause;
    }

    /// <summary>After the good events were written: throws a <see cref="PartialBatchException"/> for the others.</summary>
    public readonly void ThrowIfAny()
    {
        if (_indexes is { Count: > 0 })
        {
            throw new PartialBatchException(_indexes, _first);
        }
    }
}
