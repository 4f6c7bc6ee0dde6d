namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>What one measured run of one contender produced. Times in seconds, latencies in nanoseconds.</summary>
internal sealed record RunResult(
    string Letter,
    string Label,
    int Producers,
    long Events,
    double CallerSeconds,
    double EndToEndSeconds,
    long Lines,
    long ReportedDrops,
    double P50Ns,
    double P99Ns,
    double P999Ns,
    double MaxNs,
    double BytesPerEvent,
    double SteadyBytesPerEvent,
    int Gen0,
    int Gen1,
    int Gen2,
    double CpuSeconds)
{
    /// <summary>The event the producers logged.</summary>
    public WorkloadKind Workload { get; init; } = WorkloadKind.Orders;

    /// <summary>Which interleaved round of the run this was (1-based).</summary>
    public int Round { get; init; } = 1;

    /// <summary>Time the runtime's garbage collector paused the process during the run (all threads stopped).</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Average length of a written line in bytes, newline included (0 for setups without a file).</summary>
    public double BytesPerLine { get; init; }

    public double EndToEndRate => Events / EndToEndSeconds;

    public double CallerRate => Events / CallerSeconds;

    /// <summary>Events that are not in the file (or, for a counting null sink, that it never saw); 0 when not counted (Lines = -1).</summary>
    public long Lost => Lines < 0 ? 0 : Events - Lines;
}
