using System;
using System.Diagnostics;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>Caller latency percentiles from the per-call Stopwatch ticks of every producer.</summary>
internal readonly record struct Percentiles(double P50, double P99, double P999, double Max)
{
    public static Percentiles Of(long[][] perThread)
    {
        int total = 0;
        foreach (var samples in perThread)
        {
            total += samples.Length;
        }

        if (total == 0)
        {
            return default;
        }

        var all = new long[total];
        int offset = 0;
        foreach (var samples in perThread)
        {
            samples.CopyTo(all, offset);
            offset += samples.Length;
        }

        Array.Sort(all);
        double toNs = 1e9 / Stopwatch.Frequency;
        return new Percentiles(At(all, 0.50) * toNs, At(all, 0.99) * toNs, At(all, 0.999) * toNs, all[^1] * toNs);
    }

    private static long At(long[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
