using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>
/// A coarse profile without a profiler: each thread's CPU time (user + system, from <c>/proc/self/task/*/stat</c>, in
/// clock ticks of 10 ms) grouped by what the thread is, from its name. Taken at the producers' release and when the
/// last call returned, so it shows where the CPU went while the callers ran (threads that end before the second
/// reading are not in it, so the producers read their own, see <see cref="Workload.ProducerCpuSeconds"/>; the
/// process's CPU column has everything).
/// </summary>
internal static class ThreadCpu
{
    public static readonly string[] Groups = ["producers", "Fapilog writer", "Fapilog delivery", "thread pool", "GC", "other"];

    private const double TickSeconds = 0.01;

    public static Dictionary<int, (string Group, long Ticks)> Snapshot()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var (id, name, ticks) in Threads())
        {
            threads[id] = (GroupOf(name), ticks);
        }

        return threads;
    }

    /// <summary>Every thread of this process now: its id, its name (<c>comm</c>) and its CPU clock ticks so far (Linux; none elsewhere).</summary>
    public static List<(int Id, string Name, long Ticks)> Threads()
    {
        var threads = new List<(int, string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return threads;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                string comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                threads.Add((int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture), comm, ticks));
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return threads;
    }

    /// <summary>CPU seconds per group between two snapshots.</summary>
    public static Dictionary<string, double> Between(Dictionary<int, (string Group, long Ticks)> before, Dictionary<int, (string Group, long Ticks)> after)
    {
        var groups = new Dictionary<string, double>();
        foreach (string group in Groups)
        {
            groups[group] = 0;
        }

        foreach (var (tid, (group, ticks)) in after)
        {
            long from = before.TryGetValue(tid, out var earlier) ? earlier.Ticks : 0;
            groups[group] += (ticks - from) * TickSeconds;
        }

        return groups;
    }

    private static string GroupOf(string comm) => comm switch
    {
        _ when comm.StartsWith("producer-", StringComparison.Ordinal) => "producers",
        _ when comm.StartsWith("Fapilog deliv", StringComparison.Ordinal) => "Fapilog delivery",
        _ when comm.StartsWith("fapilog", StringComparison.Ordinal) && comm.Contains(':', StringComparison.Ordinal) => "Fapilog writer",
        _ when comm.StartsWith(".NET TP", StringComparison.Ordinal) || comm.StartsWith(".NET Long", StringComparison.Ordinal) => "thread pool",
        _ when comm.StartsWith(".NET BGC", StringComparison.Ordinal) || comm.Contains("GC", StringComparison.Ordinal) => "GC",
        _ => "other",
    };
}
