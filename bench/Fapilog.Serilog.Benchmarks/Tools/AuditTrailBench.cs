using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Outputs;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// <c>audit [rounds] [seconds]</c>: audit events per second written by the writer side of the file output into a
/// sealed audit file (rolled at 16 MiB), with and without the chain (the plain envelope file), with flushToDisk off
/// and on. Batches of 100 events, as the pipeline hands them over under load. The four configurations run in
/// alternating rounds in one process, so that load on the machine moves them alike; the table gives the median.
/// </summary>
internal static class AuditTrailBench
{
    private const int BatchSize = 100;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var batch = Enumerable.Range(0, BatchSize).Select(Event).Select(FapilogEvent.Standalone).ToArray();
        var configs = new (string Name, bool Chain, bool Fsync)[]
        {
            ("plain file, flushToDisk off", false, false),
            ("audit chain, flushToDisk off", true, false),
            ("plain file, flushToDisk on", false, true),
            ("audit chain, flushToDisk on", true, true),
        };
        var results = configs.Select(_ => new System.Collections.Generic.List<double>()).ToArray();
        string root = Path.Combine(Path.GetTempPath(), "fapilog-audit-bench-" + Guid.NewGuid().ToString("N"));
        string loadBefore = MachineInfo.LoadAverage();
        try
        {
            for (int r = 0; r < rounds; r++)
            {
                for (int c = 0; c < configs.Length; c++)
                {
                    string folder = Path.Combine(root, $"{r}-{c}");
                    results[c].Add(Measure(folder, configs[c].Chain, configs[c].Fsync, batch, seconds));
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        var text = new StringBuilder();
        text.AppendLine("# Audit trail: events/s into a sealed file, with and without the chain");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()}. Load average before: {loadBefore}; after: {MachineInfo.LoadAverage()}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Writer side only (RollingFileSink.EmitBatch), batches of {BatchSize} envelope AUDIT events, {rounds} alternating rounds of {seconds} s; median and range of the rounds.");
        text.AppendLine();
        text.AppendLine("| Configuration | events/s (median) | min | max | vs plain, same flushToDisk |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        for (int c = 0; c < configs.Length; c++)
        {
            double median = Median(results[c]);
            double plain = Median(results[c - (configs[c].Chain ? 1 : 0)]);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {configs[c].Name} | {median:N0} | {results[c].Min():N0} | {results[c].Max():N0} | {median / plain:P0} |");
        }

        Console.Out.Write(text.ToString());
        string outDir = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results");
        string file = Path.GetFullPath(Path.Combine(outDir, $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"));
        File.WriteAllText(file, text.ToString());
        Console.Out.WriteLine("written to " + file);
        return 0;
    }

    private static double Measure(string folder, bool chain, bool fsync, FapilogEvent[] batch, double seconds)
    {
        string path = Path.Combine(folder, "audit.jsonl");
        long written = 0;
        var watch = Stopwatch.StartNew();
        IDisposable? owner;
        RollingFileSink sink;
        if (chain)
        {
            var key = FapilogAuditKey.FromBytes("bench", new byte[32]);
            var options = new FapilogAuditTrailOptions { Path = path, Key = key, FlushToDisk = fsync, FileSizeLimitBytes = 16 << 20 };
            sink = FapilogAuditTrail.CreateFile(options, OptionNaming.ForOptions(nameof(FapilogAuditTrailOptions)), out _);
        }
        else
        {
            sink = FapilogOutputs.CreateFile(new FapilogFileOptions { Path = path, FlushToDisk = fsync, FileSizeLimitBytes = 16 << 20 });
        }

        owner = sink;
        using (owner)
        {
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                sink.EmitBatch(batch);
                written += batch.Length;
            }
        }

        return written / watch.Elapsed.TotalSeconds;
    }

    private static LogEvent Event(int n) => new(
        DateTimeOffset.UtcNow,
        LogEventLevel.Fatal,
        null,
        new MessageTemplateParser().Parse("User {UserId} exported {Count} records from {Table}"),
        new[]
        {
            new LogEventProperty("UserId", new ScalarValue("u-" + n.ToString(CultureInfo.InvariantCulture))),
            new LogEventProperty("Count", new ScalarValue(n)),
            new LogEventProperty("Table", new ScalarValue("customers")),
            new LogEventProperty(FapilogProperties.Level, new ScalarValue(FapilogProperties.AuditValue)),
        });

    private static double Median(System.Collections.Generic.List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
