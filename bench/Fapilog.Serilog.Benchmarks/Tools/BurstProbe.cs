using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using Fapilog.Serilog.Benchmarks.Compare;
using Serilog;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// Memory under a burst in <c>Drop</c> mode: one fresh child process per burst size (so peaks do not mix)
/// logs the burst as fast as it can through a default pipeline to an envelope file, and reports its peak
/// working set. The queue is bounded, so the peak must not grow with the burst.
/// </summary>
internal static class BurstProbe
{
    private static readonly int[] Sizes = [1_000_000, 10_000_000];

    public static int Run(RunnerArguments args)
    {
        var report = new StringBuilder();
        report.AppendLine("# Drop-mode burst: peak working set");
        report.AppendLine();
        report.AppendLine(MachineInfo.Describe());
        report.AppendLine();
        report.AppendLine("| burst | peak working set MiB | working set after close MiB | received | written | dropped (queue_full) | gen0/1/2 | burst s |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (int size in Sizes)
        {
            string line = RunChildProcess(size, Path.Combine(args.WorkDirectory, "burst-" + size.ToString(CultureInfo.InvariantCulture)));
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        Console.WriteLine(report);
        args.SaveReport("burst", report.ToString());
        return 0;
    }

    /// <summary>The child: logs <c>args[0]</c> events into a pipeline writing under <c>args[1]</c>, prints one table row.</summary>
    public static int RunChild(string[] args)
    {
        int events = int.Parse(args[0], CultureInfo.InvariantCulture);
        string dir = args[1];
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogFile(Path.Combine(dir, "burst.jsonl"), fileSizeLimitBytes: null), new FapilogPipelineOptions { Name = "burst", FullMode = QueueFullMode.Drop }, out var pipeline)
            .CreateLogger();

        var started = Stopwatch.GetTimestamp();
        for (int i = 0; i < events; i++)
        {
            logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, "cust-0", 12.5);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        logger.Dispose();
        var stats = pipeline.GetStats();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"| {events:N0} | {process.PeakWorkingSet64 / 1048576.0:N1} | {process.WorkingSet64 / 1048576.0:N1} | {stats.Received:N0} | {stats.Written:N0} | {stats.DroppedFor(DropReason.QueueFull):N0} | {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} | {seconds:0.00} |"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static string RunChildProcess(int events, string dir)
        => SelfProcess.Run(["burst-child", events.ToString(CultureInfo.InvariantCulture), dir]).Output.Trim();
}
