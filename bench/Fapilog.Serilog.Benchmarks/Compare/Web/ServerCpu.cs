using System;
using System.Diagnostics;
using System.Globalization;
using Fapilog.Serilog.Benchmarks.Compare.Network;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// CPU milliseconds a server process used so far: in all; on its logging thread (Fapilog's writer, named
/// <c>fapilog…:name</c>, or Serilog.Sinks.Async's worker, a long-running task's thread, <c>.NET Long Running Task</c> cut to 15 characters by Linux);
/// and on the JIT's background tier-up thread, which should be idle once the warm-up has done its work. The thread
/// figures come from <c>/proc/self/task</c> in 10 ms ticks (0 off Linux).
/// </summary>
internal readonly record struct ServerCpu(double TotalMs, double LoggingMs, double JitMs)
{
    public static ServerCpu Now()
    {
        double total;
        using (var self = Process.GetCurrentProcess())
        {
            total = self.TotalProcessorTime.TotalMilliseconds;
        }

        long logging = 0, jit = 0;
        foreach (var (_, name, ticks) in ThreadCpu.Threads())
        {
            if ((name.StartsWith("fapilog", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal)) || name.StartsWith(".NET Long", StringComparison.Ordinal))
            {
                logging += ticks;
            }
            else if (name.StartsWith(".NET Tiered", StringComparison.Ordinal))
            {
                jit += ticks;
            }
        }

        return new ServerCpu(total, logging * 10.0, jit * 10.0);
    }

    public static ServerCpu Parse(string text)
    {
        var f = text.Split(' ');
        return new ServerCpu(double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
    }

    public static ServerCpu operator -(ServerCpu after, ServerCpu before) =>
        new(after.TotalMs - before.TotalMs, after.LoggingMs - before.LoggingMs, after.JitMs - before.JitMs);

    public override string ToString() => FormattableString.Invariant($"{TotalMs:0} {LoggingMs:0} {JitMs:0}");
}
