using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Fapilog.Serilog.Benchmarks.Compare.Network;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// CPU milliseconds a server process used in a window: in all; on its logging thread (Fapilog's writer, named
/// <c>fapilog…:name</c>, or Serilog.Sinks.Async's worker, a long-running task's thread, <c>.NET Long Running Task</c>
/// cut to 15 characters by Linux); and on the JIT's background tier-up thread, which should be idle once the warm-up
/// has done its work. The thread figures come from <c>/proc/self/task</c> in 10 ms ticks (0 off Linux), per thread id:
/// the runtime ends its tier-up thread when idle and starts a new one, so a plain sum would go backwards.
/// With them, what the process allocated and its garbage collections in the window (counts and pause time).
/// </summary>
internal readonly record struct ServerCpu(double TotalMs, double LoggingMs, double JitMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs)
{
    private static readonly object s_gate = new();
    private static Dictionary<int, long> s_lastThreads = [];
    private static ServerCpu s_lastTotals; // the process's totals at the previous call (its thread figures are per thread, above)

    /// <summary>What the process used since the previous call (since it started, at the first).</summary>
    public static ServerCpu SinceLastCall()
    {
        double total;
        using (var self = Process.GetCurrentProcess())
        {
            total = self.TotalProcessorTime.TotalMilliseconds;
        }

        var threads = ThreadCpu.Threads();
        lock (s_gate)
        {
            long logging = 0, jit = 0;
            var now = new Dictionary<int, long>(threads.Count);
            foreach (var (id, name, ticks) in threads)
            {
                now[id] = ticks;
                long delta = ticks - s_lastThreads.GetValueOrDefault(id);
                if ((name.StartsWith("fapilog", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal)) || name.StartsWith(".NET Long", StringComparison.Ordinal))
                {
                    logging += delta;
                }
                else if (name.StartsWith(".NET Tiered", StringComparison.Ordinal))
                {
                    jit += delta;
                }
            }

            var totals = new ServerCpu(total, 0, 0, GC.GetTotalAllocatedBytes(precise: false),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds);
            var last = s_lastTotals;
            var window = new ServerCpu(totals.TotalMs - last.TotalMs, logging * 10.0, jit * 10.0, totals.AllocatedBytes - last.AllocatedBytes,
                totals.Gen0 - last.Gen0, totals.Gen1 - last.Gen1, totals.Gen2 - last.Gen2, totals.GcPauseMs - last.GcPauseMs);
            s_lastThreads = now;
            s_lastTotals = totals;
            return window;
        }
    }

    public static ServerCpu Parse(string text)
    {
        var f = text.Split(' ');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
        return new ServerCpu(D(0), D(1), D(2), long.Parse(f[3], CultureInfo.InvariantCulture), I(4), I(5), I(6), D(7));
    }

    public override string ToString() => FormattableString.Invariant($"{TotalMs:0} {LoggingMs:0} {JitMs:0} {AllocatedBytes} {Gen0} {Gen1} {Gen2} {GcPauseMs:0.0}");
}
