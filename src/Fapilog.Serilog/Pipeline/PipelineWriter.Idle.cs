using System;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>How the writer waits when its queue is empty: a short sleep, a nap, or a park, and what ends each.</summary>
internal sealed partial class PipelineWriter
{
    /// <summary>The queue is empty: a short sleep while producers log fast, else a nap, else park.</summary>
    private void Idle(ref WriterPace pace, ref int emptyNaps)
    {
        if (pace.NextWaitIsShort(ShortSleep.IsSupported))
        {
            // Producers are logging fast: look again soon, without asking them to wake us.
            if (ShortSleep.TrySleep(WriterPace.ShortSleepMicroseconds))
            {
                Volatile.Write(ref _shortSleeps, _shortSleeps + 1);
            }
            else
            {
                pace.ShortSleepFailed();
            }
        }
        else if (emptyNaps < WriterSignal.MaxNaps)
        {
            emptyNaps++;
            _signal.Nap(new Urgent(this));
        }
        else
        {
            _sinks.OnIdle();
            _signal.Park(new AnyWork(this), ParkTimeoutMs());
        }
    }

    /// <summary>How long a park may last: until the next SelfLog report is due, a stage's held window closes, or the next empty batch of a batched sink.</summary>
    private int ParkTimeoutMs()
    {
        var due = _reporter.TimeUntilDue();
        if (Batches.TimeUntilHeldDue() is { } held && (due is null || held < due))
        {
            due = held; // a window that closes while idle gets its summary out on time
        }

        if (_sinks.WantsEmptyBatches && (due is null || due > EmptyBatchPeriod))
        {
            // A natively driven batched sink that does something in OnEmptyBatchAsync gets it about once per period
            // while nothing comes (never more often than every 100 ms).
            due = EmptyBatchPeriod;
        }

        return due is { } d ? (int)Math.Clamp(Math.Ceiling(d.TotalMilliseconds), 1, int.MaxValue) : Timeout.Infinite;
    }

    /// <summary>Work that ends a nap at once: a flush someone waits for, or the close.</summary>
    private readonly struct Urgent(PipelineWriter writer) : IWriterWork
    {
        public bool Pending() => writer._shutdown.StopRequested || writer._flushes.Pending;
    }

    /// <summary>Anything that keeps the writer from parking: a claim, a flush, the close, a failure to hand over.</summary>
    private readonly struct AnyWork(PipelineWriter writer) : IWriterWork
    {
        public bool Pending() =>
            writer._queue.HasPending || writer._shutdown.StopRequested || writer._flushes.Pending || writer._failures.HasWork;
    }
}
