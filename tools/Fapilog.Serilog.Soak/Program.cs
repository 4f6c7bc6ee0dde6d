using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Serilog;

namespace Fapilog.Serilog.Soak;

/// <summary>
/// <c>dotnet run -c Release --project samples/Fapilog.Serilog.Soak -- [minutes] [report.md]</c>. Alternates bursts
/// (producers logging flat out into the real file output, rolling and compressing) with idle periods, and after
/// each idle period samples threads, handles, memory after a full GC, and the CPU the idle period cost. Exits
/// non-zero when a resource did not come back to its baseline.
/// </summary>
internal static class Program
{
    private const int Producers = 4;
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    // Verdict thresholds: a leak of one thread or handle per cycle, or of memory per burst, would pass them within
    // a few cycles; noise (a runtime timer thread, a GC heap that settles) stays inside.
    private const int ThreadSlack = 2;
    private const int HandleSlack = 4;
    private const double MemorySlackFraction = 0.25;
    private const double IdleCpuLimit = 0.01;

    private static int Main(string[] args)
    {
        double minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 4;
        string report = args.Length > 1 ? args[1] : Path.Combine("samples", "Fapilog.Serilog.Soak", "results", $"soak-{DateTime.UtcNow:yyyy-MM-dd}.md");
        string folder = Path.Combine(Path.GetTempPath(), "fapilog-soak-" + Environment.ProcessId);

        var options = new FapilogPipelineOptions { Name = "soak", QueueLimit = 10_000 };
        var file = new FapilogFileOptions
        {
            Path = Path.Combine(folder, "soak.jsonl"),
            RollingInterval = FapilogRollingInterval.Infinite,
            FileSizeLimitBytes = 16L * 1024 * 1024,
            RetainedFileCountLimit = 4,
            CompressRolledFiles = true,
        };
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(wt => wt.FapilogFile(file), options, out var pipeline)
            .CreateLogger();

        var samples = new List<Sample>();
        var deadline = Stopwatch.StartNew();
        long logged = 0;
        for (int cycle = 0; deadline.Elapsed.TotalMinutes < minutes || cycle < 3; cycle++)
        {
            logged += RunBurst(cycle);
            var drain = pipeline.Flush(TimeSpan.FromMinutes(1));
            samples.Add(IdleAndSample(cycle, logged, drain.TimedOut));
            Console.WriteLine(samples[^1].ToRow());
        }

        var closed = pipeline.Close();
        Log.CloseAndFlush();
        var verdicts = Judge(samples, closed.Stats, logged);
        string text = Report(samples, verdicts, closed.Stats, logged, minutes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
        File.WriteAllText(report, text);
        Console.WriteLine(text);
        TryDelete(folder);
        return verdicts.All(v => v.Ok) ? 0 : 1;
    }

    /// <summary>Producers log flat out for <see cref="Burst"/>: mixed levels, audit and security among them.</summary>
    private static long RunBurst(int cycle)
    {
        long logged = 0;
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            long n = 0;
            var logger = Log.ForContext("Producer", p);
            while (stop.Elapsed < Burst)
            {
                for (int i = 0; i < 100; i++, n++)
                {
                    switch (n % 100)
                    {
                        case 0: logger.Audit("Cycle {Cycle} audit {N}", cycle, n); break;
                        case 50: logger.Security("Cycle {Cycle} security {N}", cycle, n); break;
                        case 25: logger.Error(new InvalidOperationException("soak"), "Cycle {Cycle} error {N}", cycle, n); break;
                        default: logger.Information("Cycle {Cycle} order {N} for {@Customer}", cycle, n, new { Name = "alice", Id = n }); break;
                    }
                }
            }

            Interlocked.Add(ref logged, n);
        }) { IsBackground = true, Name = "soak producer " + p }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return logged;
    }

    /// <summary>Sits idle (the tool's own thread sleeps: this is what idle means), then samples.</summary>
    private static Sample IdleAndSample(int cycle, long logged, bool flushTimedOut)
    {
        // The first half lets the burst's tail settle (gzip of a rolled file, tiered JIT in the background); the
        // CPU is measured over the second half, when nothing is left to do.
        using var process = Process.GetCurrentProcess();
        Thread.Sleep(Idle / 2);
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Thread.Sleep(Idle / 2);
        process.Refresh();
        double idleCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        return new Sample(
            cycle, logged, process.Threads.Count, HandleCount(process), GC.GetTotalMemory(false),
            process.WorkingSet64, idleCpu, flushTimedOut);
    }

    /// <summary>Open file descriptors on Linux (what leaks when a file or socket is not closed).</summary>
    private static int HandleCount(Process process) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Directory.Exists("/proc/self/fd")
            ? Directory.GetFileSystemEntries("/proc/self/fd").Length
            : process.HandleCount;

    private static List<Verdict> Judge(List<Sample> samples, FapilogPipelineStats stats, long logged)
    {
        // The first cycle warms up (JIT, pools, the writer's buffers): the baseline is the second.
        var baseline = samples[Math.Min(1, samples.Count - 1)];
        var rest = samples.Skip(1).ToList();
        var last = samples[^1];
        return new List<Verdict>
        {
            new("threads flat", rest.All(s => s.Threads <= baseline.Threads + ThreadSlack),
                $"baseline {baseline.Threads}, max {rest.Max(s => s.Threads)}, last {last.Threads}"),
            new("handles flat", rest.All(s => s.Handles <= baseline.Handles + HandleSlack),
                $"baseline {baseline.Handles}, max {rest.Max(s => s.Handles)}, last {last.Handles}"),
            new("memory back to baseline after GC", last.ManagedBytes <= baseline.ManagedBytes * (1 + MemorySlackFraction),
                $"baseline {Mb(baseline.ManagedBytes)}, max {Mb(rest.Max(s => s.ManagedBytes))}, last {Mb(last.ManagedBytes)}"),
            new("idle CPU near zero", rest.All(s => s.IdleCpu <= IdleCpuLimit),
                $"max {rest.Max(s => s.IdleCpu):P2} of one core over the last {Idle.TotalSeconds / 2:0} s of each idle period (limit {IdleCpuLimit:P0})"),
            new("every flush completed", samples.All(s => !s.FlushTimedOut), $"{samples.Count} flushes"),
            new("counters add up", stats.Received == logged && stats.Received == stats.Written + stats.Failed + stats.Dropped + stats.Queued,
                $"logged {logged}, {stats}"),
            new("no protected event dropped", stats.DroppedFor(FapilogLevel.Audit) + stats.DroppedFor(FapilogLevel.Security) + stats.DroppedFor(FapilogLevel.Error) == 0,
                $"audit {stats.DroppedFor(FapilogLevel.Audit)}, security {stats.DroppedFor(FapilogLevel.Security)}, error {stats.DroppedFor(FapilogLevel.Error)}"),
        };
    }

    private static string Report(List<Sample> samples, List<Verdict> verdicts, FapilogPipelineStats stats, long logged, double minutes)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Soak run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.");
        sb.Append(CultureInfo.InvariantCulture, $"Shape: {samples.Count} cycles in about {minutes:0.#} min; each a {Burst.TotalSeconds:0} s burst of {Producers} producers logging flat out ");
        sb.Append("(1 % audit, 1 % security, 1 % error with an exception) into `WriteTo.Fapilog(wt => wt.FapilogFile(...))` ");
        sb.Append(CultureInfo.InvariantCulture, $"(16 MiB rolls, 4 files kept, gzip of rolled files), a flush, then {Idle.TotalSeconds:0} s idle (CPU measured over its second half). ");
        sb.AppendLine("Samples are taken at the end of each idle period, after a full GC. Cycle 0 warms up; cycle 1 is the baseline.");
        sb.AppendLine();
        sb.AppendLine("| verdict | ok | detail |");
        sb.AppendLine("|---|---|---|");
        foreach (var v in verdicts)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {v.Name} | {(v.Ok ? "yes" : "**NO**")} | {v.Detail} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Pipeline at close: {stats}; queue_full drops {stats.DroppedFor(DropReason.QueueFull)} (bursts outrun the file on purpose; Drop mode), logged {logged}.");
        sb.AppendLine();
        sb.AppendLine(Sample.Header);
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in samples)
        {
            sb.AppendLine(s.ToRow());
        }

        return sb.ToString();
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0 MiB", CultureInfo.InvariantCulture);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record Verdict(string Name, bool Ok, string Detail);

    private sealed record Sample(int Cycle, long Logged, int Threads, int Handles, long ManagedBytes, long WorkingSet, double IdleCpu, bool FlushTimedOut)
    {
        public const string Header = "| cycle | logged so far | threads | handles (fds) | managed heap after GC | working set | idle CPU |";

        public string ToRow() => FormattableString.Invariant(
            $"| {Cycle} | {Logged:N0} | {Threads} | {Handles} | {Mb(ManagedBytes)} | {Mb(WorkingSet)} | {IdleCpu:P2} |");
    }
}
