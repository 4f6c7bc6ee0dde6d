using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// The two workloads next to each other: per producer count, one row per contender with each workload's
/// end-to-end rate, its ratio to that workload's own null-sink ceiling (a), its line length and its steady
/// bytes allocated per event.
/// </summary>
internal static class SideBySide
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line on what a workload logs, for the report's header.</summary>
    public static string Describe(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Orders => "**orders**: `Information(\"Order {OrderId} for {Customer} took {Elapsed} ms\", i, \"cust-\" + t, 12.5)`",
        _ => "**realistic**: `Information(\"" + RealisticEvent.Template + "\", ...)` (Error with a reused pre-thrown exception every " +
            RealisticEvent.ErrorEvery.ToString("N0", Inv) + "th) with the runtime fields of `Enrich.WithFapilog(...)`, a bound request/user/tenant context and the trace and span ids of an Activity, both renewed every " +
            RealisticEvent.EventsPerRequest.ToString(Inv) + " events (bench/README.md lists what each setup logs)",
    };

    /// <summary>Appends the side-by-side table when <paramref name="medians"/> (one run per workload, producer count and contender) holds both workloads.</summary>
    public static void Append(StringBuilder md, IReadOnlyList<RunResult> medians)
    {
        if (medians.Select(r => r.Workload).Distinct().Count() < 2)
        {
            return;
        }

        md.AppendLine("## Both workloads side by side");
        md.AppendLine();
        md.AppendLine("Each contender's median round; \"÷ (a)\" is the share of the null sink's (a) rate on the same workload and producer count.");
        md.AppendLine();
        foreach (var producers in medians.GroupBy(r => r.Producers))
        {
            var ceilings = producers.Where(r => r.Letter == "a").ToDictionary(r => r.Workload);
            md.AppendLine(Inv, $"### {producers.Key} producer thread(s)");
            md.AppendLine();
            md.AppendLine("| setup | orders ev/s | orders ÷ (a) | realistic ev/s | realistic ÷ (a) | orders B/line | realistic B/line | orders steady B/event | realistic steady B/event | lost (orders / realistic) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var contender in producers.GroupBy(r => r.Letter))
            {
                var orders = contender.FirstOrDefault(r => r.Workload == WorkloadKind.Orders);
                var realistic = contender.FirstOrDefault(r => r.Workload == WorkloadKind.Realistic);
                var label = (orders ?? realistic)!.Label;
                md.AppendLine(Inv,
                    $"| ({contender.Key}) {label} | {Rate(orders)} | {Ratio(orders, ceilings)} | {Rate(realistic)} | {Ratio(realistic, ceilings)} | {Line(orders)} | {Line(realistic)} | {Steady(orders)} | {Steady(realistic)} | {Lost(orders)} / {Lost(realistic)} |");
            }

            md.AppendLine();
        }
    }

    private static string Rate(RunResult? r) => r is null ? "–" : r.EndToEndRate.ToString("N0", Inv);

    private static string Ratio(RunResult? r, Dictionary<WorkloadKind, RunResult> ceilings) =>
        r is not null && ceilings.TryGetValue(r.Workload, out var a) ? (r.EndToEndRate / a.EndToEndRate).ToString("0.00", Inv) + "×" : "–";

    private static string Line(RunResult? r) => r is null || r.BytesPerLine <= 0 ? "–" : r.BytesPerLine.ToString("N0", Inv);

    private static string Steady(RunResult? r) => r is null ? "–" : r.SteadyBytesPerEvent.ToString("N1", Inv);

    private static string Lost(RunResult? r) => r is null ? "–" : r.Lost.ToString(Inv);
}
