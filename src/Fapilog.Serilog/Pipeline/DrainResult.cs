using System;

namespace Fapilog.Serilog;

/// <summary>The outcome of a flush or a close: the counters when it ended, how long it took, and whether it timed out.</summary>
public sealed class DrainResult
{
    internal DrainResult(FapilogPipelineStats stats, TimeSpan elapsed, bool timedOut)
    {
        Stats = stats;
        Elapsed = elapsed;
        TimedOut = timedOut;
    }

    /// <summary>The pipeline's counters when the drain ended.</summary>
    public FapilogPipelineStats Stats { get; }

    /// <summary>Events received by the pipeline so far.</summary>
    public long Received => Stats.Received;

    /// <summary>Events written so far.</summary>
    public long Written => Stats.Written;

    /// <summary>Events failed so far.</summary>
    public long Failed => Stats.Failed;

    /// <summary>Events dropped so far, for any reason (see <see cref="FapilogPipelineStats.DroppedFor"/>).</summary>
    public long Dropped => Stats.Dropped;

    /// <summary>Events still queued when the drain ended.</summary>
    public long Queued => Stats.Queued;

    /// <summary>How long the drain took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Whether the drain ended on its time limit (or its cancellation) before everything it waited for was written.
    /// </summary>
    public bool TimedOut { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Stats} in {Elapsed.TotalMilliseconds:0.#} ms{(TimedOut ? " (timed out)" : string.Empty)}";
}
