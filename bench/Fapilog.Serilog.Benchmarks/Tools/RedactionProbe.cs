using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Benchmarks.Micro;
using Fapilog.Serilog.Outputs;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// <c>redaction</c> mode: the writer's cost per event with redaction off, with the default preset (the comparison
/// workload's event, nothing to mask) and with the default preset and a secret in every event. Each is the
/// writer-side stages over a 1 000-event batch plus the file output's <c>EmitBatch</c> of it (envelope and CLEF).
/// The setups run interleaved, round after round, in one process, so that a loaded machine's swings hit all of them
/// alike; the report gives the median per setup and the median of the per-round ratios.
/// </summary>
internal static class RedactionProbe
{
    private const int BatchSize = 1_000;
    private const int BatchesPerRound = 50;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        string directory = Path.Combine(Path.GetTempPath(), "fapilog-redaction-probe-" + Environment.ProcessId);
        var report = new StringBuilder("# Redaction: writer cost per event\n\n");
        report.AppendLine(MachineInfo.Describe()).AppendLine();
        report.AppendLine($"Load average at the start: {MachineInfo.LoadAverage()}.").AppendLine();
        report.AppendLine($"Per event: the stages over a {BatchSize}-event batch + RollingFileSink.EmitBatch to a real file; {BatchesPerRound} batches per setup per round, {rounds} rounds, setups interleaved.").AppendLine();
        report.AppendLine("| format | redaction | median ns/event | ÷ off (median of per-round ratios) | allocated B/event |");
        report.AppendLine("|---|---|---:|---:|---:|");
        try
        {
            foreach (var format in new[] { FapilogFormat.Envelope, FapilogFormat.Clef })
            {
                var setups = new[] { "off", "default", "default, secret in every event" }
                    .Select(name => new Setup(name, format, Path.Combine(directory, $"{format}-{name.Length}.jsonl"))).ToArray();
                foreach (var setup in setups)
                {
                    setup.Round(BatchesPerRound); // warm-up
                }

                for (int r = 0; r < rounds; r++)
                {
                    for (int i = 0; i < setups.Length; i++)
                    {
                        setups[(r + i) % setups.Length].Round(BatchesPerRound); // rotated, so none always runs first
                    }
                }

                foreach (var setup in setups)
                {
                    var ratios = setup.NsPerEvent.Zip(setups[0].NsPerEvent, (a, b) => a / b).ToList();
                    report.AppendLine(CultureInfo.InvariantCulture, $"| {format} | {setup.Name} | {Median(setup.NsPerEvent):F0} | {Median(ratios):F3} | {setup.BytesPerEvent:F1} |");
                    setup.Dispose();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        report.AppendLine().AppendLine($"Load average at the end: {MachineInfo.LoadAverage()}.");
        Console.Write(report);
        string results = Path.Combine("bench", "results", $"redaction-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        if (Directory.Exists(Path.GetDirectoryName(results)))
        {
            File.WriteAllText(results, report.ToString());
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class Setup : IDisposable
    {
        private readonly FapilogEvent[] _source = new FapilogEvent[BatchSize];
        private readonly FapilogEvent[] _batch = new FapilogEvent[BatchSize];
        private readonly EventStages _stages;
        private readonly RollingFileSink _sink;
        private long _bytes;
        private long _events;

        public Setup(string name, FapilogFormat format, string path)
        {
            Name = name;
            var logEvent = BenchEvents.Workload();
            if (name.Contains("secret", StringComparison.Ordinal))
            {
                logEvent = BenchEvents.Copy(logEvent);
                logEvent.AddOrUpdateProperty(new LogEventProperty("Password", new ScalarValue("hunter2")));
            }

            for (int i = 0; i < BatchSize; i++)
            {
                _source[i] = FapilogEvent.Standalone(logEvent);
            }

            var options = new FapilogPipelineOptions { Redaction = name == "off" ? FapilogRedactionOptions.Disabled : new FapilogRedactionOptions() };
            _stages = new EventStages(RedactionStage.Append(options.Stages, options.Redaction, new PipelineCounters()));
            _sink = FapilogOutputs.CreateFile(new FapilogFileOptions { Path = path, Format = format, FileSizeLimitBytes = null, RetainedFileCountLimit = 2 });
        }

        public string Name { get; }

        public List<double> NsPerEvent { get; } = new();

        public double BytesPerEvent => _events == 0 ? 0 : (double)_bytes / _events;

        public void Round(int batches)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long started = Stopwatch.GetTimestamp();
            for (int b = 0; b < batches; b++)
            {
                Array.Copy(_source, _batch, BatchSize);
                if (_stages.Any)
                {
                    _stages.Run(_batch, BatchSize, out _, out _);
                }

                _sink.EmitBatch(_batch);
            }

            double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
            NsPerEvent.Add(ns / (batches * BatchSize));
            _bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
            _events += (long)batches * BatchSize;
        }

        public void Dispose() => _sink.Dispose();
    }
}
