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

    /// <summary>How long the drain took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Whether the drain ended on its time limit (or its cancellation) before everything it waited for was written.
    /// </summary>
    public bool TimedOut { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Stats} in {Elapsed.TotalMilliseconds:0.#} ms{(TimedOut ? " (timed out)" : string.Empty)}";
}
