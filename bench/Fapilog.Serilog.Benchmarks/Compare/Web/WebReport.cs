using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>The Markdown report of <c>compare-web</c>: medians per setup, every round, the ratios against the targets.</summary>
internal static class WebReport
{
    public static string Build(string machine, string wrkVersion, WebArguments args, char[] setups, List<WebRound> rounds)
    {
        var r = new StringBuilder();
        r.AppendLine(CultureInfo.InvariantCulture, $"# Web API comparison (compare-web), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        r.AppendLine(machine).AppendLine();
        r.Append(F($"Load average at end: {MachineInfo.LoadAverage()}. Load: {wrkVersion}, "))
            .Append(F($"`wrk -t{args.Threads} -c{args.Connections} -d{args.DurationSeconds}s --latency http://127.0.0.1:<port>{args.Path}` after {args.WarmupSeconds} s of the same, unmeasured, "))
            .Append(F($"against a fresh server process per setup and round (Kestrel on 127.0.0.1, {(args.ServerGc ? "server" : "workstation")} GC), "))
            .Append(F($"{args.Common.Rounds} rounds interleaved ({string.Join(", ", setups)}, …). wrk runs on the same cores as the server. "))
            .Append("Each request logs five Information lines with properties through `ILogger<T>` (source-generated `LoggerMessage` methods) ")
            .Append("and answers a small JSON order; (f) and (s) add one completion event per request (method, path, route template, status, ")
            .Append("elapsed, request id, client IP, user agent), Information and up, `Microsoft.AspNetCore` at Warning, one JSON object per line ")
            .Append(F($"to one file without a size limit; (s)'s async buffer holds {WebSetups.AsyncBufferSize:N0} events and blocks when full, (f)'s queue (10,000) waits for room without a time bound. "))
            .Append("Server CPU is the server process's CPU time during the measured run per completed request; the logging thread's is that of ")
            .Append("Fapilog's writer thread or Serilog.Sinks.Async's worker (a long-running task's thread), from /proc in 10 ms ticks; JIT tier-up CPU is ")
            .Append("the runtime's background tier-up thread during the measured run, near 0 when the warm-up was long enough. Allocated bytes, ")
            .Append("collections and GC pause time are the server process's own (GC.GetTotalAllocatedBytes, CollectionCount, GetTotalPauseDuration) in the same window. Log lines are counted in the ")
            .Append("files after the server stopped (its host drained the logging), or by the null sink of (z) and (g) as it received them; \"lost\" is 5 API lines and 1 completion event per order ")
            .AppendLine("request the server answered (warm-up included), less the lines found.").AppendLine();
        foreach (char s in setups)
        {
            r.AppendLine(CultureInfo.InvariantCulture, $"- ({s}) {WebSetups.Label(s)}");
        }

        r.AppendLine();
        r.AppendLine("| setup | req/s (median) | rounds req/s | p99 ms (median) | rounds p99 ms | p50 ms (median) | server CPU µs/request (median) | logging thread CPU µs/request (median) | allocated B/request (median) | GC pause ms (median) | log lines/request (API + completion) | log bytes/request | lost lines | socket errors / non-2xx |");
        r.AppendLine("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (char s in setups)
        {
            var mine = rounds.Where(x => x.Setup == s).ToList();
            long requests = mine.Sum(x => x.Exit.Requests);
            string lines = s == 'n'
                ? "—"
                : F($"{mine.Sum(x => x.Lines.Api) / (double)requests:0.000} + {mine.Sum(x => x.Lines.Completion) / (double)requests:0.000}");
            string bytes = s is 'n' or 'z' or 'g' or 'y' ? "—" : F($"{mine.Sum(x => x.Lines.Bytes) / (double)requests:N0}");
            r.AppendLine(F(
                $"| ({s}) | {Median(mine, x => x.Wrk.RequestsPerSecond):N0} | {Join(mine, x => x.Wrk.RequestsPerSecond, "N0")} | {Median(mine, x => x.Wrk.P99Ms):0.00} | {Join(mine, x => x.Wrk.P99Ms, "0.00")} | {Median(mine, x => x.Wrk.P50Ms):0.00} | {Median(mine, x => x.ServerCpuUsPerRequest):0.0} | {Median(mine, x => x.LoggingCpuUsPerRequest):0.0} | {Median(mine, x => x.AllocatedBytesPerRequest):N0} | {Median(mine, x => x.Cpu.GcPauseMs):0} | {lines} | {bytes} | {mine.Sum(x => x.LostLines)} | {mine.Sum(x => x.Wrk.SocketErrors)} / {mine.Sum(x => x.Wrk.Non2xx)} |"));
        }

        Ratios(r, setups, rounds);
        r.AppendLine().AppendLine("Every round:").AppendLine();
        r.AppendLine("| round | setup | req/s | p50 ms | p90 ms | p99 ms | requests measured | server CPU µs/request | logging thread µs/request | allocated B/request | gen0/1/2 | GC pause ms | JIT tier-up CPU ms | order requests (with warm-up) | API lines | completion lines | other lines | lost | Fapilog pipeline |");
        r.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var x in rounds)
        {
            r.AppendLine(F(
                $"| {x.Round} | ({x.Setup}) | {x.Wrk.RequestsPerSecond:N0} | {x.Wrk.P50Ms:0.00} | {x.Wrk.P90Ms:0.00} | {x.Wrk.P99Ms:0.00} | {x.Wrk.Requests:N0} | {x.ServerCpuUsPerRequest:0.0} | {x.LoggingCpuUsPerRequest:0.0} | {x.AllocatedBytesPerRequest:N0} | {x.Cpu.Gen0}/{x.Cpu.Gen1}/{x.Cpu.Gen2} | {x.Cpu.GcPauseMs:0} | {x.Cpu.JitMs:0} | {x.Exit.Requests:N0} | {x.Lines.Api:N0} | {x.Lines.Completion:N0} | {x.Lines.Other:N0} | {x.LostLines} | {x.Exit.Stats} |"));
        }

        return r.ToString();
    }

    private static void Ratios(StringBuilder r, char[] setups, List<WebRound> rounds)
    {
        if (!setups.Contains('f') || setups.Length < 2)
        {
            return;
        }

        double Rate(char s) => Median(rounds.Where(x => x.Setup == s).ToList(), x => x.Wrk.RequestsPerSecond);
        double P99(char s) => Median(rounds.Where(x => x.Setup == s).ToList(), x => x.Wrk.P99Ms);
        double Cpu(char s) => Median(rounds.Where(x => x.Setup == s).ToList(), x => x.ServerCpuUsPerRequest);
        r.AppendLine().AppendLine("| ratio (medians) | value | target |").AppendLine("|---|---:|---|");
        if (setups.Contains('n') && setups.Contains('z'))
        {
            r.AppendLine(F($"| req/s (z) ÷ (n): Serilog's front end and request logging, null sink, against no logging | {Rate('z') / Rate('n'):0.000}× | |"));
            r.AppendLine(F($"| server CPU per request (z) − (n): Serilog's front end | {Cpu('z') - Cpu('n'):0.0} µs | |"));
            r.AppendLine(F($"| req/s (f) ÷ (z): Fapilog against the Serilog front end's ceiling | {Rate('f') / Rate('z'):0.000}× | |"));
        }

        if (setups.Contains('y') && setups.Contains('z'))
        {
            r.AppendLine(F($"| server CPU per request (y) − (z): Serilog.Sinks.Async's hand-off to its worker, no formatting or file | {Cpu('y') - Cpu('z'):0.0} µs | |"));
        }

        if (setups.Contains('g') && setups.Contains('z'))
        {
            r.AppendLine(F($"| server CPU per request (g) − (z): Fapilog's front end, request context and pipeline beyond Serilog's front end, no formatting or file | {Cpu('g') - Cpu('z'):0.0} µs | |"));
        }

        if (setups.Contains('g') && setups.Contains('n'))
        {
            r.AppendLine(F($"| server CPU per request (g) − (n): Fapilog's front end and pipeline, no formatting or file | {Cpu('g') - Cpu('n'):0.0} µs | |"));
            r.AppendLine(F($"| server CPU per request (f) − (g): the envelope formatting and the file | {Cpu('f') - Cpu('g'):0.0} µs | |"));
        }

        if (setups.Contains('n'))
        {
            double fn = Rate('f') / Rate('n');
            r.AppendLine(F($"| req/s (f) ÷ (n): Fapilog against no logging | {fn:0.000}× | ≥ 0.95× — {(fn >= 0.95 ? "met" : "**not met**")} |"));
            r.AppendLine(F($"| p99 (f) ÷ (n) | {P99('f') / P99('n'):0.00}× | |"));
            r.AppendLine(F($"| server CPU per request (f) − (n): Fapilog's cost | {Cpu('f') - Cpu('n'):0.0} µs | |"));
        }

        if (setups.Contains('s'))
        {
            double fs = Rate('f') / Rate('s');
            r.AppendLine(F($"| req/s (f) ÷ (s): Fapilog against Serilog.Sinks.Async + File | {fs:0.000}× | > 1× — {(fs > 1 ? "met" : "**not met**")} |"));
            r.AppendLine(F($"| p99 (f) ÷ (s) | {P99('f') / P99('s'):0.00}× | |"));
            if (setups.Contains('n'))
            {
                r.AppendLine(F($"| server CPU per request (s) − (n): Serilog.Sinks.Async + File's cost | {Cpu('s') - Cpu('n'):0.0} µs | |"));
            }
        }
    }

    private static double Median(List<WebRound> rounds, Func<WebRound, double> value)
    {
        var sorted = rounds.Select(value).OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Join(List<WebRound> rounds, Func<WebRound, double> value, string format) =>
        string.Join(" / ", rounds.Select(x => value(x).ToString(format, CultureInfo.InvariantCulture)));

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
