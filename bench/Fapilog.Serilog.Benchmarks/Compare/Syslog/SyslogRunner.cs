using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Serilog;
using Serilog.Core;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Compare.Syslog;

/// <summary>
/// <c>compare-syslog</c>: lines per second into a real rsyslogd, end to end (from the first call until rsyslog wrote
/// the last line out), for the syslog output over TCP against rsyslog's own <c>imfile</c> tailing a file we write
/// (Fapilog's envelope file, and Serilog.Sinks.Async + File as teams run it today). Each measurement gets a fresh
/// daemon; rounds interleave the setups; the median round is reported, with both processes' CPU per line.
/// </summary>
internal static class SyslogRunner
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromMinutes(5);
    private static int s_pipelines;

    public static int Run(RunnerArguments args)
    {
        string machine = MachineInfo.Describe();
        var setups = new (string Name, Func<RsyslogDaemon, Logger> Create)[]
        {
            ("(t) Fapilog (Wait) -> syslog output, TCP octet counting -> rsyslog imtcp", SyslogOutput),
            ("(e) Fapilog (Wait) -> envelope file -> rsyslog imfile tailing it", d => FapilogFile(d)),
            ("(c) Serilog.Sinks.Async (block) + File (JsonFormatter, buffered) -> rsyslog imfile tailing it", SerilogFile),
        };
        Directory.CreateDirectory(args.WorkDirectory);
        try
        {
            foreach (var setup in setups)
            {
                Measure(setup.Create, Math.Min(args.Events, 20_000), args.WorkDirectory); // warm-up, not reported
            }

            var rounds = setups.Select(_ => new List<Result>()).ToArray();
            for (int round = 0; round < args.Rounds; round++)
            {
                for (int s = 0; s < setups.Length; s++)
                {
                    var result = Measure(setups[s].Create, args.Events, args.WorkDirectory);
                    rounds[s].Add(result);
                    Console.WriteLine(FormattableString.Invariant(
                        $"round {round + 1}: {setups[s].Name}: {result.Rate:N0} lines/s, lost {result.Lost}, rsyslogd {result.DaemonMicros:N2} µs/line, ours {result.OwnMicros:N2} µs/line"));
                }
            }

            string report = Report(machine, args, setups.Select(s => s.Name).ToArray(), rounds);
            Console.WriteLine();
            Console.WriteLine(report);
            args.SaveReport("compare-syslog", report);
            return 0;
        }
        finally
        {
            Directory.Delete(args.WorkDirectory, recursive: true);
        }
    }

    private static Result Measure(Func<RsyslogDaemon, Logger> create, int events, string work)
    {
        string folder = Path.Combine(work, "rsyslog-" + Interlocked.Increment(ref s_pipelines).ToString(CultureInfo.InvariantCulture));
        try
        {
            using var daemon = new RsyslogDaemon(folder);
            var daemonCpu = daemon.Cpu();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using (var logger = create(daemon))
            {
                for (int i = 0; i < events; i++)
                {
                    logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, "cust-" + (i % 100).ToString(CultureInfo.InvariantCulture), 12.5);
                }
            }

            long arrived = daemon.WaitForLines(events, ArrivalTimeout);
            watch.Stop();
            double perLine = 1e6 / Math.Max(1, arrived);
            return new Result(
                arrived / watch.Elapsed.TotalSeconds,
                events - arrived,
                (daemon.Cpu() - daemonCpu).TotalSeconds * perLine,
                (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds * perLine);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Logger SyslogOutput(RsyslogDaemon daemon)
    {
        var options = new FapilogSyslogOptions { Host = "127.0.0.1", Port = daemon.Port, Transport = FapilogSyslogTransport.Tcp, AppName = "bench" };
        options.Delivery.CloseTimeout = TimeSpan.FromMinutes(5);
        options.Delivery.Spool = FapilogSpoolMode.Off;
        return new LoggerConfiguration().WriteTo.Fapilog(wt => wt.FapilogSyslog(options), Pipeline()).CreateLogger();
    }

    private static Logger FapilogFile(RsyslogDaemon daemon) =>
        new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogFile(Path.Combine(daemon.TailFolder, "fapilog.jsonl"), fileSizeLimitBytes: null, retainedFileCountLimit: null), Pipeline())
            .CreateLogger();

    private static Logger SerilogFile(RsyslogDaemon daemon) =>
        new LoggerConfiguration()
            .WriteTo.Async(a => a.File(new JsonFormatter(renderMessage: true), Path.Combine(daemon.TailFolder, "serilog.jsonl"), buffered: true, fileSizeLimitBytes: null), blockWhenFull: true)
            .CreateLogger();

    private static FapilogPipelineOptions Pipeline() => new()
    {
        FullMode = QueueFullMode.Wait,
        MaxWait = Timeout.InfiniteTimeSpan,
        FlushOnProcessExit = false,
        ShutdownTimeout = TimeSpan.FromMinutes(5),
        Name = "bench-syslog-" + Interlocked.Increment(ref s_pipelines).ToString(CultureInfo.InvariantCulture),
    };

    private static string Report(string machine, RunnerArguments args, string[] names, List<Result>[] rounds)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Syslog comparison, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        report.AppendLine(machine).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average at end: {MachineInfo.LoadAverage()}. A real rsyslogd ({RsyslogVersion()}) on loopback, a fresh one per measurement in a temporary folder: an imtcp input and an imfile input (inotify) into one ruleset writing each message's raw text as a line to a file (omfile, its defaults). Workload: `Information(\"Order {{OrderId}} for {{Customer}} took {{Elapsed}} ms\", i, \"cust-\" + i % 100, 12.5)` from one thread, {args.Events:N0} events per round. End to end: from the first call until rsyslog had written the last line (the logger closed first; lines counted in rsyslog's output, polled every 2 ms; \"lost\" = events − lines after at most {ArrivalTimeout.TotalMinutes:N0} minutes). CPU per line: rsyslogd's (from /proc) and this process's, over the same span. Median of {args.Rounds} interleaved rounds.").AppendLine();
        report.AppendLine("| setup | lines/s (median) | rounds lines/s | lost | rsyslogd CPU µs/line | our CPU µs/line |").AppendLine("|---|---:|---|---:|---:|---:|");
        var medians = new Result[names.Length];
        for (int s = 0; s < names.Length; s++)
        {
            medians[s] = rounds[s].OrderBy(r => r.Rate).ElementAt(rounds[s].Count / 2);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {names[s]} | {medians[s].Rate:N0} | {string.Join(" / ", rounds[s].Select(r => r.Rate.ToString("N0", CultureInfo.InvariantCulture)))} | {rounds[s].Sum(r => r.Lost)} | {medians[s].DaemonMicros:N2} | {medians[s].OwnMicros:N2} |");
        }

        report.AppendLine().AppendLine("| ratio | value |").AppendLine("|---|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| (t) ÷ (e): syslog over TCP against imfile tailing our envelope file | {medians[0].Rate / medians[1].Rate:N2}× |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| (t) ÷ (c): syslog over TCP against imfile tailing Serilog.Sinks.Async + File | {medians[0].Rate / medians[2].Rate:N2}× |");
        return report.ToString();
    }

    private static string RsyslogVersion()
    {
        var start = new ProcessStartInfo("/usr/sbin/rsyslogd", ["-v"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string first = process.StandardOutput.ReadLine() ?? "rsyslogd";
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        int compiled = first.IndexOf(" compiled", StringComparison.Ordinal);
        return string.Join(' ', (compiled > 0 ? first[..compiled] : first).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private readonly record struct Result(double Rate, long Lost, double DaemonMicros, double OwnMicros);
}
