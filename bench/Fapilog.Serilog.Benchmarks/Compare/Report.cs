using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>The comparison as Markdown: one table per workload and producer count, the ratios the targets are stated in, both workloads side by side, and raw CSV.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(string machine, RunnerArguments args, IReadOnlyList<RunResult> results, (double Before, double After) pageCache)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# End-to-end comparison, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(machine);
        md.AppendLine();
        md.AppendLine(Inv, $"Page-cache write speed (256 MiB to a fresh file, see PageCacheProbe), before / after the run: {pageCache.Before:N0} / {pageCache.After:N0} MB/s. Every file setup pays per byte it writes, so the B/line column matters as much as the code.");
        md.AppendLine();
        md.AppendLine(Inv, $"Load average at end: {MachineInfo.LoadAverage()}. Workloads: {string.Join(", ", args.Workloads.Select(SideBySide.Describe))}; {args.Events:N0} events per run after a {args.WarmupEvents:N0}-event warm-up on a separate instance. Every bounded queue (Serilog.Sinks.Async, NLog, ZLogger, Fapilog) holds {args.QueueLimit:N0} events.");
        md.AppendLine();
        md.AppendLine(Inv, $"Each row is the contender's median round (by end-to-end rate) of {args.Rounds} interleaved rounds; the last column lists every round's end-to-end rate in thousands of events/s. \"÷ (a)\" is the end-to-end rate as a share of the null sink's (a): Serilog's front end alone, the ceiling of every Serilog setup.");
        md.AppendLine();
        foreach (var all in results.GroupBy(r => (r.Workload, r.Producers)))
        {
            var group = Medians(all).ToList();
            var ceiling = group.FirstOrDefault(r => r.Letter == "a");
            md.AppendLine(Inv, $"## {all.Key.Workload} workload, {all.Key.Producers} producer thread(s)");
            md.AppendLine();
            md.AppendLine("| setup | end-to-end ev/s | ÷ (a) | caller ev/s | p50 ns | p99 ns | p99.9 ns | max µs | B/event | steady B/event | B/line | gen0/1/2 | GC pause ms | lost | CPU s | rounds k ev/s |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|");
            foreach (var r in group)
            {
                md.AppendLine(Inv,
                    $"| ({r.Letter}) {r.Label} | {r.EndToEndRate:N0} | {OfCeiling(r, ceiling)} | {r.CallerRate:N0} | {r.P50Ns:N0} | {r.P99Ns:N0} | {r.P999Ns:N0} | {r.MaxNs / 1000:N0} | {r.BytesPerEvent:N1} | {r.SteadyBytesPerEvent:N2} | {(r.BytesPerLine > 0 ? r.BytesPerLine.ToString("N0", Inv) : "–")} | {r.Gen0}/{r.Gen1}/{r.Gen2} | {r.GcPauseSeconds * 1000:N0} | {r.Lost} | {r.CpuSeconds:N2} | {Rounds(all, r.Letter)} |");
            }

            md.AppendLine();
            AppendRatios(md, group);
        }

        SideBySide.Append(md, results.GroupBy(r => (r.Workload, r.Producers)).SelectMany(Medians).ToList());
        md.AppendLine("## Raw");
        md.AppendLine();
        md.AppendLine("```csv");
        md.AppendLine("round,letter,producers,events,caller_s,end_to_end_s,lines,lost,reported_drops,p50_ns,p99_ns,p999_ns,max_ns,bytes_per_event,steady_bytes_per_event,gen0,gen1,gen2,cpu_s,gc_pause_s,bytes_per_line,workload");
        foreach (var r in results)
        {
            md.AppendLine(string.Join(',', new object[]
            {
                r.Round, r.Letter, r.Producers, r.Events, Num(r.CallerSeconds), Num(r.EndToEndSeconds), r.Lines, r.Lost, r.ReportedDrops,
                Num(r.P50Ns), Num(r.P99Ns), Num(r.P999Ns), Num(r.MaxNs), Num(r.BytesPerEvent), Num(r.SteadyBytesPerEvent), r.Gen0, r.Gen1, r.Gen2, Num(r.CpuSeconds), Num(r.GcPauseSeconds), Num(r.BytesPerLine), r.Workload.ToString().ToLowerInvariant(),
            }.Select(o => Convert.ToString(o, Inv))));
        }

        md.AppendLine("```");
        return md.ToString();
    }

    private static void AppendRatios(StringBuilder md, List<RunResult> runs)
    {
        RunResult? Get(string letter) => runs.FirstOrDefault(r => r.Letter == letter);
        var (a, c, d, e, f, h) = (Get("a"), Get("c"), Get("d"), Get("e"), Get("f"), Get("h"));
        md.AppendLine("| ratio | value | target |");
        md.AppendLine("|---|---:|---|");
        foreach (var (name, ours) in new[] { ("envelope (e)", e), ("CLEF (f)", f) })
        {
            if (ours is null)
            {
                continue;
            }

            if (c is not null)
            {
                md.AppendLine(Inv, $"| {name} end-to-end ÷ Serilog.Sinks.Async (c) | {ours.EndToEndRate / c.EndToEndRate:0.00}× | ≥ 4× |");
            }

            if (d is not null)
            {
                md.AppendLine(Inv, $"| {name} end-to-end ÷ NLog async (d) | {ours.EndToEndRate / d.EndToEndRate:0.00}× | ≥ 3× |");
            }

            if (h is not null)
            {
                md.AppendLine(Inv, $"| {name} end-to-end ÷ ZLogger (h) | {ours.EndToEndRate / h.EndToEndRate:0.00}× | |");
            }

            if (a is not null)
            {
                md.AppendLine(Inv, $"| {name} caller p99.9 ÷ null sink (a) | {ours.P999Ns / a.P999Ns:0.00}× | ≤ 1.3× |");
                md.AppendLine(Inv, $"| {name} B/event − null sink (a), whole run | {ours.BytesPerEvent - a.BytesPerEvent:0.00} B | |");
                // The null sink has no one-off allocations, so its whole-run figure is its exact per-event cost
                // (and equals its own 10 %→90 % figure).
                md.AppendLine(Inv, $"| {name} steady B/event (10 %→90 %) − null sink (a) | {ours.SteadyBytesPerEvent - a.BytesPerEvent:0.00} B | ≤ 1 B |");
            }

            md.AppendLine(Inv, $"| {name} lost events | {ours.Lost} | 0 |");
            md.AppendLine(Inv, $"| {name} gen-2 collections | {ours.Gen2} | 0 |");
        }

        md.AppendLine();
    }

    /// <summary>A setup's end-to-end rate as a share of the null sink's, or a dash when (a) did not run.</summary>
    private static string OfCeiling(RunResult run, RunResult? ceiling) =>
        ceiling is null ? "–" : (run.EndToEndRate / ceiling.EndToEndRate).ToString("0.00", Inv) + "×";

    private static string Num(double value) => value.ToString("0.###", Inv);

    /// <summary>Per contender, the round with the median end-to-end rate, in the contenders' order.</summary>
    private static IEnumerable<RunResult> Medians(IEnumerable<RunResult> runs) =>
        runs.GroupBy(r => r.Letter).Select(g =>
        {
            var sorted = g.OrderBy(r => r.EndToEndRate).ToList();
            return sorted[(sorted.Count - 1) / 2];
        });

    private static string Rounds(IEnumerable<RunResult> runs, string letter) =>
        string.Join(" / ", runs.Where(r => r.Letter == letter).OrderBy(r => r.Round).Select(r => (r.EndToEndRate / 1000).ToString("0", Inv)));
}
