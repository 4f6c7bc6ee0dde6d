using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Benchmarks.Micro;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// The caller's cost over a null sink, measured in one process by alternating rounds: a round of calls into a
/// null-sink logger, then a round into <c>WriteTo.Fapilog</c> around a null sink, and so on. Side by side in
/// time, a machine whose speed drifts moves both loggers' rounds alike, where BenchmarkDotNet's separate
/// processes, run one after the other, can each catch a different phase of that drift.
/// </summary>
internal static class CallerLoop
{
    private const int CallsPerRound = 1_000_000;

    public static int Run(string[] rawArgs)
    {
        // Many short rounds: the pairing below needs them more than long ones.
        var args = RunnerArguments.Parse(rawArgs, defaultRounds: 21);
        int rounds = args.Rounds;

        using var plain = new LoggerConfiguration().WriteTo.Sink(new NullSink()).CreateLogger();
        var options = new FapilogPipelineOptions
        {
            // As in CallerBenchmarks: a writer that fell behind would show as cost, never as cheap drops.
            FullMode = QueueFullMode.Wait,
            MaxWait = Timeout.InfiniteTimeSpan,
            FlushOnProcessExit = false,
            Name = "caller-loop",
        };
        using var fapilog = new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(new NullSink()), options, out var pipeline).CreateLogger();

        Round(plain, CallsPerRound); // warm-up: JIT tiers settle for both paths
        Round(fapilog, CallsPerRound);
        pipeline.Flush(TimeSpan.FromSeconds(30));

        var plainRounds = new (double Ns, double PauseNs)[rounds];
        var fapilogRounds = new (double Ns, double PauseNs)[rounds];
        for (int r = 0; r < rounds; r++)
        {
            plainRounds[r] = Round(plain, CallsPerRound);
            fapilogRounds[r] = Round(fapilog, CallsPerRound);
            pipeline.Flush(TimeSpan.FromSeconds(30)); // each round starts with an empty queue
        }

        var stats = pipeline.GetStats();
        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"# Caller cost, alternating rounds, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine();
        report.AppendLine(MachineInfo.Describe());
        report.AppendLine();
        report.AppendLine(inv, $"`Information(\"Order {{OrderId}} for {{Customer}} took {{Elapsed}} ms\", i, \"cust-0\", 12.5)` from one thread, {rounds} rounds of {CallsPerRound:N0} calls per logger, alternating; ns per call and the collector's pause per call in that round.");
        report.AppendLine();
        report.AppendLine("| logger | median ns/call | min | max | median GC pause ns/call |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        Row(report, "Serilog, null sink", plainRounds);
        Row(report, "WriteTo.Fapilog(null sink)", fapilogRounds);
        // Each Fapilog round is paired with the null-sink round just before it: the median of those differences
        // is the figure least moved by the machine's drift.
        double paired = Median(plainRounds.Zip(fapilogRounds, (p, f) => f.Ns - p.Ns));
        double ofMedians = Median(fapilogRounds.Select(r => r.Ns)) - Median(plainRounds.Select(r => r.Ns));
        report.AppendLine();
        report.AppendLine(inv, $"Fapilog − null sink: **{paired:+0.0;-0.0} ns** per call (median of the {rounds} paired round differences; difference of the medians {ofMedians:+0.0;-0.0} ns). Pipeline: {stats.Received:N0} received, {stats.Written:N0} written, {stats.Dropped:N0} dropped.");
        report.AppendLine();
        report.AppendLine("Rounds (ns/call, null sink / Fapilog): " + string.Join(", ", plainRounds.Zip(fapilogRounds, (p, f) => string.Create(inv, $"{p.Ns:F0}/{f.Ns:F0}"))));

        string text = report.ToString();
        Console.Write(text);
        args.SaveReport("caller", text);
        return 0;
    }

    private static (double Ns, double PauseNs) Round(Logger logger, int calls)
    {
        var pausedBefore = GC.GetTotalPauseDuration();
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, "cust-0", 12.5);
        }

        double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds / calls;
        return (ns, (GC.GetTotalPauseDuration() - pausedBefore).TotalNanoseconds / calls);
    }

    private static void Row(StringBuilder report, string label, (double Ns, double PauseNs)[] rounds) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | {Median(rounds.Select(r => r.Ns)):F1} | {rounds.Min(r => r.Ns):F1} | {rounds.Max(r => r.Ns):F1} | {Median(rounds.Select(r => r.PauseNs)):F1} |");

    private static double Median(System.Collections.Generic.IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
