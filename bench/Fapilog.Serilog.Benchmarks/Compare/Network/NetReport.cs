using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>The network comparison as Markdown: one table per producer count, the ratios the targets are stated in, and raw CSV.</summary>
internal static class NetReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(string machine, RunnerArguments args, NetSettings settings, IReadOnlyList<NetRunResult> results, bool allocationTypes)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# Network comparison, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(machine);
        md.AppendLine();
        md.AppendLine(Inv, $"Load average at end: {MachineInfo.LoadAverage()}. Workload: `Information(\"Order {{OrderId}} for {{Customer}} took {{Elapsed}} ms\", i, \"cust-\" + t, 12.5)`, {args.Events:N0} events per run after a {args.WarmupEvents:N0}-event warm-up on a separate instance. {(args.Rate > 0 ? string.Create(Inv, $"**Paced**: {args.Rate:N0} events/s in all (each producer spins until its next call is due), so that a sender that keeps up never holds a backlog; the warm-up is not paced.") : "Producers call flat out.")}");
        md.AppendLine();
        md.AppendLine(Inv, $"Endpoint: one Kestrel process on 127.0.0.1 (a child of the benchmark's, for the whole run), the same code for both setups of a protocol: `/ingest/clef` counts CLEF lines and answers 201, `/v1/logs` counts the log records of each `ExportLogsServiceRequest` and answers 200 with an empty `ExportLogsServiceResponse`. Batches of {settings.BatchSize:N0} events or {settings.BatchTime.TotalSeconds:0.#} s for every network setup. Fapilog's pipeline queue holds {settings.QueueLimit:N0} events (Wait); each network output's own queue (Serilog's `BatchingSink` queue limit, Fapilog's `BufferEventLimit`) holds {settings.BufferLimit:N0}, a whole run: neither blocks its caller there, both drop when full.");
        md.AppendLine();
        md.AppendLine("End-to-end: from the producers' release until the endpoint counted the run's last event (the close begins when the last call returns, so that no last partial batch waits out a timer); for the file setup (e), until the close returned with every line in the file. \"wire B/event\" is request body bytes received ÷ events counted (no setup compressed: the gzip count is in the raw rows). B/event and steady B/event are the benchmark process's allocations (the endpoint's are its own process's). \"endpoint CPU s\" is the endpoint process's. Each row is the median round (by end-to-end rate) of " + args.Rounds.ToString(Inv) + " interleaved rounds.");
        md.AppendLine();
        foreach (var all in results.GroupBy(r => r.Run.Producers))
        {
            var group = Medians(all).ToList();
            md.AppendLine(Inv, $"## {all.Key} producer thread(s)");
            md.AppendLine();
            md.AppendLine("| setup | end-to-end ev/s | caller ev/s | p50 ns | p99 ns | p99.9 ns | max µs | B/event | steady B/event | wire B/event | requests | gen0/1/2 | GC pause ms | lost | CPU s | endpoint CPU s | close ms | rounds k ev/s |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|");
            foreach (var n in group)
            {
                var r = n.Run;
                md.AppendLine(Inv,
                    $"| ({r.Letter}) {r.Label} | {r.EndToEndRate:N0} | {r.CallerRate:N0} | {r.P50Ns:N0} | {r.P99Ns:N0} | {r.P999Ns:N0} | {r.MaxNs / 1000:N0} | {r.BytesPerEvent:N1} | {r.SteadyBytesPerEvent:N2} | {Dash(n.WireBytesPerEvent, "N1")} | {Dash(n.Requests, "N0")} | {r.Gen0}/{r.Gen1}/{r.Gen2} | {r.GcPauseSeconds * 1000:N0} | {r.Lost} | {r.CpuSeconds:N2} | {Dash(n.EndpointCpuSeconds, "N2")} | {n.CloseSeconds * 1000:N0} | {Rounds(all, r.Letter)} |");
            }

            md.AppendLine();
            AppendRatios(md, group);
        }

        AppendCpu(md, results);
        if (allocationTypes)
        {
            AppendAllocationTypes(md, results);
        }

        md.AppendLine("## Raw");
        md.AppendLine();
        md.AppendLine("```csv");
        md.AppendLine("round,letter,protocol,producers,events,caller_s,end_to_end_s,delivered,lost,reported_drops,p50_ns,p99_ns,p999_ns,max_ns,bytes_per_event,steady_bytes_per_event,gen0,gen1,gen2,cpu_s,gc_pause_s,wire_bytes_per_event,requests,gzip_requests,endpoint_cpu_s,close_s");
        foreach (var n in results)
        {
            var r = n.Run;
            md.AppendLine(string.Join(',', new object[]
            {
                r.Round, r.Letter, n.Protocol, r.Producers, r.Events, Num(r.CallerSeconds), Num(r.EndToEndSeconds), r.Lines, r.Lost, r.ReportedDrops,
                Num(r.P50Ns), Num(r.P99Ns), Num(r.P999Ns), Num(r.MaxNs), Num(r.BytesPerEvent), Num(r.SteadyBytesPerEvent), r.Gen0, r.Gen1, r.Gen2,
                Num(r.CpuSeconds), Num(r.GcPauseSeconds), Num(n.WireBytesPerEvent), n.Requests, n.GzipRequests, Num(n.EndpointCpuSeconds), Num(n.CloseSeconds),
            }.Select(o => Convert.ToString(o, Inv))));
        }

        md.AppendLine("```");
        return md.ToString();
    }

    private static void AppendRatios(StringBuilder md, List<NetRunResult> runs)
    {
        RunResult? Get(string letter) => runs.FirstOrDefault(r => r.Run.Letter == letter)?.Run;
        var (s, q, t, u, e) = (Get("s"), Get("q"), Get("t"), Get("u"), Get("e"));
        md.AppendLine("| ratio | value | target |");
        md.AppendLine("|---|---:|---|");
        if (q is not null && s is not null)
        {
            md.AppendLine(Inv, $"| Seq: Fapilog (q) end-to-end ÷ Serilog.Sinks.Seq (s) | {q.EndToEndRate / s.EndToEndRate:0.00}× | ≥ 3× |");
        }

        if (u is not null && t is not null)
        {
            md.AppendLine(Inv, $"| OTLP: Fapilog (u) end-to-end ÷ Serilog.Sinks.OpenTelemetry (t) | {u.EndToEndRate / t.EndToEndRate:0.00}× | ≥ 3× |");
        }

        foreach (var (name, ours) in new[] { ("Seq (q)", q), ("OTLP (u)", u) })
        {
            if (ours is null || e is null)
            {
                continue;
            }

            md.AppendLine(Inv, $"| {name} caller ev/s ÷ envelope file (e) caller ev/s | {ours.CallerRate / e.CallerRate:0.00}× | ≥ 1× |");
            md.AppendLine(Inv, $"| {name} caller p50 / p99 / p99.9 ÷ envelope file (e) | {ours.P50Ns / e.P50Ns:0.00}× / {ours.P99Ns / e.P99Ns:0.00}× / {ours.P999Ns / e.P999Ns:0.00}× | ≤ 1× |");
            md.AppendLine(Inv, $"| {name} steady B/event − envelope file (e) steady B/event | {ours.SteadyBytesPerEvent - e.SteadyBytesPerEvent:0.00} B | 0 B |");
            md.AppendLine(Inv, $"| {name} whole-run B/event − envelope file (e) whole-run B/event | {ours.BytesPerEvent - e.BytesPerEvent:0.00} B | |");
        }

        foreach (var r in new[] { s, q, t, u, e })
        {
            if (r is not null)
            {
                md.AppendLine(Inv, $"| ({r.Letter}) lost events | {r.Lost} | 0 |");
            }
        }

        md.AppendLine();
    }

    /// <summary>Where the benchmark process's CPU went while the producers ran, per setup (median rounds).</summary>
    private static void AppendCpu(StringBuilder md, IReadOnlyList<NetRunResult> results)
    {
        md.AppendLine("## Where the CPU went while the producers ran");
        md.AppendLine();
        md.AppendLine("CPU seconds of the benchmark process's threads from the producers' release to the last call's return, grouped by thread name (`/proc/self/task`, 10 ms ticks), in the median round; \"caller window s\" is that window's length. Serilog's batching sinks and the HTTP client run on the thread pool; Fapilog's writer formats and copies each event, its delivery thread builds and sends the requests.");
        md.AppendLine();
        md.AppendLine("| producers | setup | caller window s | " + string.Join(" | ", ThreadCpu.Groups) + " |");
        md.AppendLine("|---:|---|---:|" + string.Concat(Enumerable.Repeat("---:|", ThreadCpu.Groups.Length)));
        foreach (var all in results.GroupBy(r => r.Run.Producers))
        {
            foreach (var n in Medians(all))
            {
                string groups = string.Join(" | ", ThreadCpu.Groups.Select(g => n.CallerWindowCpu[g].ToString("0.00", Inv)));
                md.AppendLine(Inv, $"| {n.Run.Producers} | ({n.Run.Letter}) {n.Run.Label} | {n.Run.CallerSeconds:0.00} | {groups} |");
            }
        }

        md.AppendLine();
    }

    /// <summary>The sampled allocations by type, per setup (median rounds): what the B/event column is made of.</summary>
    private static void AppendAllocationTypes(StringBuilder md, IReadOnlyList<NetRunResult> results)
    {
        md.AppendLine("## Allocations by type (sampled)");
        md.AppendLine();
        md.AppendLine("**A diagnostic run** (`--alloc-types 1`): the runtime's allocation ticks (one about every 100 KB, naming the type that crossed the mark) from the producers' release to the close's return, in the median round. Each type's share of the sampled bytes, times the row's whole-run B/event, estimates its bytes per event.");
        md.AppendLine();
        md.AppendLine("| producers | setup | B/event | largest types: share (≈ B/event) |");
        md.AppendLine("|---:|---|---:|---|");
        foreach (var all in results.GroupBy(r => r.Run.Producers))
        {
            foreach (var n in Medians(all).Where(n => n.AllocationTypes is not null))
            {
                string top = string.Join("; ", AllocationSampler.Top(n.AllocationTypes!, 8).Select(t => string.Create(Inv, $"`` {t.Type} `` {t.Share:P0} (≈ {t.Share * n.Run.BytesPerEvent:0})")));
                md.AppendLine(Inv, $"| {n.Run.Producers} | ({n.Run.Letter}) {n.Run.Label} | {n.Run.BytesPerEvent:N0} | {top} |");
            }
        }

        md.AppendLine();
    }

    private static string Dash(double value, string format) => value > 0 ? value.ToString(format, Inv) : "–";

    private static string Num(double value) => value.ToString("0.###", Inv);

    private static IEnumerable<NetRunResult> Medians(IEnumerable<NetRunResult> runs) =>
        runs.GroupBy(r => r.Run.Letter).Select(g =>
        {
            var sorted = g.OrderBy(r => r.Run.EndToEndRate).ToList();
            return sorted[(sorted.Count - 1) / 2];
        });

    private static string Rounds(IEnumerable<NetRunResult> runs, string letter) =>
        string.Join(" / ", runs.Where(r => r.Run.Letter == letter).OrderBy(r => r.Run.Round).Select(r => (r.Run.EndToEndRate / 1000).ToString("0", Inv)));
}
