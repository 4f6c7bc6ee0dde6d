using System;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>A one-paragraph description of the machine, so every report names where it ran.</summary>
internal static class MachineInfo
{
    public static string Describe() =>
        $"Machine: {CpuModel()}, {Environment.ProcessorCount} logical cores, {MemoryGiB()} GiB RAM; " +
        $"{RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; {Collector()}; load average at start: {LoadAverage()}";

    /// <summary>This process's collector, and any collector setting from the environment (they change every queued setup's pauses).</summary>
    private static string Collector()
    {
        string mode = (GCSettings.IsServerGC ? "server" : "workstation") + " GC" + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent");
        var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase) || k.StartsWith("COMPlus_GC", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(k => k + "=" + Environment.GetEnvironmentVariable(k))
            .ToList();
        return settings.Count == 0 ? mode : mode + " (" + string.Join(", ", settings) + ")";
    }

    /// <summary>The 1/5/15-minute load averages (Linux), to see whether the machine was quiet.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string MemoryGiB()
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return "?";
        }

        var line = File.ReadLines("/proc/meminfo").First();
        long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (kb / 1024.0 / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
    }
}
