using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using Fapilog.Serilog.Benchmarks.Compare;
using Serilog;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// Shows that an open pipeline with nothing to do costs no CPU: process CPU time over an idle second without
/// and with a pipeline, and the writer thread's own state, CPU ticks and context switches read from
/// /proc/self/task (Linux).
/// </summary>
internal static class IdleProbe
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    public static int Run(string[] rawArgs)
    {
        // The JIT's background tier-up of code that just ran shows up as process CPU for seconds; in a child
        // with tiered compilation off, the window sees the pipeline alone.
        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0")
        {
            var (exitCode, output) = SelfProcess.Run(["idle", .. rawArgs], new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" });
            Console.Write(output);
            return exitCode;
        }

        var args = RunnerArguments.Parse(rawArgs);
        var report = new System.Text.StringBuilder();
        report.AppendLine("# Idle pipeline");
        report.AppendLine();
        report.AppendLine(MachineInfo.Describe());
        report.AppendLine();
        report.AppendLine("Run in a child process with DOTNET_TieredCompilation=0, so that background JIT work does not land in the window.");
        report.AppendLine();

        // Run the measuring code once first, so that its own JIT tier-up does not land in a window.
        ProcessCpuOver(TimeSpan.FromMilliseconds(300));
        ThreadTicks();
        Thread.Sleep(1000);
        double baseline = ProcessCpuOver(Window);
        string dir = Path.Combine(args.WorkDirectory, "idle");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogFile(Path.Combine(dir, "idle.jsonl")), new FapilogPipelineOptions { Name = "idle" }, out var pipeline)
            .CreateLogger();
        for (int i = 0; i < 1000; i++)
        {
            logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, "cust-0", 12.5);
        }

        pipeline.Flush();

        // Let the writer finish its naps and park, and the JIT's background tier-up of the code just run
        // finish, so the window sees the pipeline alone.
        Thread.Sleep(2000);

        var writer = WriterThread.Find();
        var before = writer?.Read();
        ProcessCpuOver(TimeSpan.FromMilliseconds(300));
        var threadsBefore = ThreadTicks();
        double withPipeline = ProcessCpuOver(Window);
        var after = writer?.Read();
        var busiest = ThreadTicks().Select(t => (t.Key, Ticks: t.Value - threadsBefore.GetValueOrDefault(t.Key)))
            .Where(t => t.Ticks > 0).OrderByDescending(t => t.Ticks).Take(3).ToList();

        report.AppendLine(FormattableString.Invariant($"| measure over {Window.TotalSeconds:0} s idle | value |"));
        report.AppendLine("|---|---:|");
        report.AppendLine(FormattableString.Invariant($"| process CPU, no pipeline | {baseline * 1000:0.###} ms |"));
        report.AppendLine(FormattableString.Invariant($"| process CPU, pipeline open and idle | {withPipeline * 1000:0.###} ms |"));
        if (writer is not null && before is not null && after is not null)
        {
            report.AppendLine(FormattableString.Invariant($"| writer thread (tid {writer.Tid}) state | {after.State} ({(after.State == 'S' ? "sleeping: parked on its wait handle" : "not parked")}) |"));
            report.AppendLine(FormattableString.Invariant($"| writer thread CPU ticks (1/100 s) during the window | {after.CpuTicks - before.CpuTicks} |"));
            report.AppendLine(FormattableString.Invariant($"| writer thread context switches during the window | {after.Switches - before.Switches} |"));
        }
        else
        {
            report.AppendLine("| writer thread | not found (needs Linux /proc) |");
        }

        report.AppendLine(FormattableString.Invariant($"| threads that used CPU in the window (ticks) | {(busiest.Count == 0 ? "none" : string.Join(", ", busiest.Select(b => $"{b.Key} {b.Ticks}")))} |"));

        logger.Dispose();
        Directory.Delete(dir, recursive: true);
        Console.WriteLine(report);
        args.SaveReport("idle", report.ToString());
        return 0;
    }

    /// <summary>utime + stime of every thread of this process, by "name (tid)".</summary>
    private static Dictionary<string, long> ThreadTicks()
    {
        var ticks = new Dictionary<string, long>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return ticks;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var thread = new WriterThread(Path.GetFileName(dir));
            try
            {
                ticks[$"{File.ReadAllText(Path.Combine(dir, "comm")).Trim()} ({thread.Tid})"] = thread.Read().CpuTicks;
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return ticks;
    }

    private static double ProcessCpuOver(TimeSpan window)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        Thread.Sleep(window);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    /// <summary>The OS thread named by the pipeline ("fapilog1:idle", say; Linux shows 15 characters of it).</summary>
    private sealed record WriterThread(string Tid)
    {
        public static WriterThread? Find()
        {
            const string Tasks = "/proc/self/task";
            if (!Directory.Exists(Tasks))
            {
                return null;
            }

            var tid = Directory.EnumerateDirectories(Tasks)
                .FirstOrDefault(d => File.ReadAllText(Path.Combine(d, "comm")) is var comm && comm.StartsWith("fapilog", StringComparison.Ordinal) && comm.EndsWith(":idle\n", StringComparison.Ordinal));
            return tid is null ? null : new WriterThread(Path.GetFileName(tid));
        }

        public Sample Read()
        {
            string stat = File.ReadAllText($"/proc/self/task/{Tid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            long switches = File.ReadLines($"/proc/self/task/{Tid}/status")
                .Where(l => l.Contains("ctxt_switches", StringComparison.Ordinal))
                .Sum(l => long.Parse(l.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture));
            return new Sample(fields[0][0], ticks, switches);
        }
    }

    private sealed record Sample(char State, long CpuTicks, long Switches);
}
