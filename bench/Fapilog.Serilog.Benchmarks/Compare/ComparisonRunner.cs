using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// The end-to-end comparison: every contender, for each producer count, in one process, side by side, so
/// that the ratios between them come from one run on one machine state. The contenders run in interleaved
/// rounds (a..f, a..f, ...) and each is reported by its median round, so that a burst of load from something
/// else on the machine moves one round, not one contender.
/// </summary>
internal static class ComparisonRunner
{
    public static int Run(RunnerArguments args)
    {
        var contenders = (args.Only.Length == 0 ? Contenders.Default : Contenders.All.Where(c => args.Only.Contains(c.Letter, StringComparison.Ordinal))).ToList();
        var machine = MachineInfo.Describe();
        Console.WriteLine(machine);
        Console.WriteLine($"GC: server={GCSettings.IsServerGC}, latency={GCSettings.LatencyMode}; events={args.Events:N0}, warm-up={args.WarmupEvents:N0}, rounds={args.Rounds}, queue={args.QueueLimit:N0}, workloads={string.Join(',', args.Workloads)}");

        var pageCacheBefore = PageCacheProbe.Measure(args.WorkDirectory);
        Console.WriteLine($"Page cache write probe: {pageCacheBefore:N0} MB/s");
        var results = new List<RunResult>();
        foreach (var kind in args.Workloads)
        {
            foreach (int producers in args.Producers)
            {
                for (int round = 1; round <= args.Rounds; round++)
                {
                    foreach (var definition in contenders)
                    {
                        Console.Write($"  {kind} {producers}p round {round} ({definition.Letter}) {definition.Label} ... ");
                        var result = Measure(definition, args, kind, producers, warmUp: round == 1) with { Round = round, Workload = kind };
                        results.Add(result);
                        Console.WriteLine($"{result.EndToEndRate:N0} ev/s end-to-end, {result.CallerRate:N0} ev/s caller, lost {result.Lost}, {result.BytesPerLine:N0} B/line");
                    }
                }
            }
        }

        var pageCacheAfter = PageCacheProbe.Measure(args.WorkDirectory);
        string report = Report.Render(machine, args, results, (pageCacheBefore, pageCacheAfter));
        Console.WriteLine();
        Console.WriteLine(report);
        args.SaveReport("compare", report);
        return 0;
    }

    private static RunResult Measure(ContenderDefinition definition, RunnerArguments args, WorkloadKind kind, int producers, bool warmUp)
    {
        // Warm-up on a throw-away instance of the same setup: JIT tiers and PGO settle, files and pools exist.
        if (warmUp && args.WarmupEvents > 0)
        {
            using var warm = definition.Create(Path.Combine(args.WorkDirectory, definition.Letter + "-warmup"), args.QueueLimit, kind);
            new Workload(warm, args.WarmupEvents, producers, measureLatency: false, kind: kind).Run();
            warm.Close();
        }

        using var contender = definition.Create(Path.Combine(args.WorkDirectory, definition.Letter), args.QueueLimit, kind);
        var workload = new Workload(contender, args.Events, producers, measureLatency: true, kind: kind);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        long started = Stopwatch.GetTimestamp();

        workload.Run();
        long callersDone = Stopwatch.GetTimestamp();
        contender.Close();
        long closed = Stopwatch.GetTimestamp();

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        double gcPause = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        long lines = contender.CountDelivered();
        long bytes = contender.CountBytes();
        var latency = Percentiles.Of(workload.Latencies);
        long events = workload.Events;
        return new RunResult(
            definition.Letter, definition.Label, producers, events,
            Stopwatch.GetElapsedTime(started, callersDone).TotalSeconds,
            Stopwatch.GetElapsedTime(started, closed).TotalSeconds,
            lines, contender.ReportedDrops,
            latency.P50, latency.P99, latency.P999, latency.Max,
            (double)allocated / events, workload.SteadyBytesPerEvent, gen0, gen1, gen2, cpu) { GcPauseSeconds = gcPause, BytesPerLine = lines > 0 && bytes > 0 ? (double)bytes / lines : 0 };
    }
}
