using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// The setups of the comparison: (a) to (f) and (h) by default, (g) on request. Every file setup writes one JSON
/// object per line with the rendered message and every property, keeps its file open, never flushes per event,
/// and has no size limit (so no setup rolls or stops mid-run). Bounded queues have the same size everywhere
/// (<c>--queue</c>, 10 000 by default).
/// </summary>
internal static class Contenders
{
    public static IReadOnlyList<ContenderDefinition> All { get; } =
    [
        new("a", "Serilog + null sink", (dir, _, kind) => SerilogNull(dir, kind)),
        new("b", "Serilog File (JsonFormatter, buffered)", (dir, _, kind) => Serilog(dir, kind, c => SerilogFile(c.WriteTo, dir))),
        new("c", "Serilog.Sinks.Async (block) + File", (dir, queue, kind) => Serilog(dir, kind, c => c.WriteTo.Async(a => SerilogFile(a, dir), bufferSize: queue, blockWhenFull: true))),
        new("d", "NLog AsyncWrapper (Block) + File JsonLayout", (dir, queue, kind) => new NLogContender(dir, queue, kind)),
        new("e", "Fapilog (Wait) -> envelope file", (dir, queue, kind) => Fapilog(dir, FapilogFormat.Envelope, queue, kind)),
        new("f", "Fapilog (Wait) -> CLEF file", (dir, queue, kind) => Fapilog(dir, FapilogFormat.Clef, queue, kind)),
        new("g", "Fapilog (Wait) -> null sink", (dir, queue, kind) => Fapilog(dir, null, queue, kind)),
        new("h", "ZLogger (Block) + File JSON", (dir, queue, kind) => new ZLoggerContender(dir, queue, kind)),
    ];

    /// <summary>The default set: (g) is a diagnostic (the pipeline without formatting or I/O), run with --only.</summary>
    public static IEnumerable<ContenderDefinition> Default => All.Where(c => c.Letter != "g");

    /// <summary>
    /// Every Serilog setup's configuration: for the realistic workload with <c>Enrich.WithFapilog(...)</c>
    /// (bound context and the runtime fields), the same in (a), so that the ceiling pays the same front end.
    /// </summary>
    private static LoggerConfiguration Base(WorkloadKind kind)
    {
        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        return kind == WorkloadKind.Realistic
            ? config.Enrich.WithFapilog(service: RealisticEvent.Service, environment: RealisticEvent.Environment, version: RealisticEvent.Version)
            : config;
    }

    private static Contender SerilogNull(string dir, WorkloadKind kind)
    {
        // Every producer calls this sink itself; a shared counter would add contention to the floor, so it
        // counts nothing and nothing is "lost" (-1: not counted).
        var logger = Base(kind).WriteTo.Sink(new NullSink(count: false)).CreateLogger();
        return new SerilogContender(dir, logger, delivered: () => -1);
    }

    private static Contender Serilog(string dir, WorkloadKind kind, Action<LoggerConfiguration> configure)
    {
        var config = Base(kind);
        configure(config);
        return new SerilogContender(dir, config.CreateLogger());
    }

    private static LoggerConfiguration SerilogFile(global::Serilog.Configuration.LoggerSinkConfiguration to, string dir) =>
        to.File(new JsonFormatter(renderMessage: true), Path.Combine(dir, "serilog.jsonl"), buffered: true, fileSizeLimitBytes: null);

    private static int s_pipelines;

    private static Contender Fapilog(string dir, FapilogFormat? format, int queueLimit, WorkloadKind kind)
    {
        var options = new FapilogPipelineOptions
        {
            FullMode = QueueFullMode.Wait,
            MaxWait = Timeout.InfiniteTimeSpan,
            FlushOnProcessExit = false,
            QueueLimit = queueLimit,
            // Pipelines are registered by name; each run gets its own.
            Name = "bench-" + Interlocked.Increment(ref s_pipelines),
        };
        // Only the writer thread calls the inner null sink: a plain count.
        var nullSink = new NullSink(count: true);
        var logger = Base(kind)
            .WriteTo.Fapilog(
                wt =>
                {
                    if (format is { } f)
                    {
                        wt.FapilogFile(Path.Combine(dir, "fapilog.jsonl"), f, fileSizeLimitBytes: null, retainedFileCountLimit: null);
                    }
                    else
                    {
                        wt.Sink(nullSink);
                    }
                },
                options,
                out var pipeline)
            .CreateLogger();
        return new SerilogContender(dir, logger, () => pipeline.GetStats().Dropped, format is null ? () => nullSink.Count : null);
    }

    /// <summary>Serilog's front-end cost alone: the floor every Serilog setup pays. Counts what it receives when asked to.</summary>
    private sealed class NullSink(bool count) : ILogEventSink
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void Emit(LogEvent logEvent)
        {
            if (count)
            {
                _count++; // only ever called by one thread (the pipeline's writer)
            }
        }
    }
}

/// <summary>
/// A contender's letter (as in the issue), its label, and how to build a fresh instance in a folder with a
/// bounded queue of the given size (ignored by the setups without a queue), set up for a workload.
/// </summary>
internal sealed record ContenderDefinition(string Letter, string Label, Func<string, int, WorkloadKind, Contender> Factory)
{
    public Contender Create(string directory, int queueLimit, WorkloadKind kind = WorkloadKind.Orders) => Factory(directory, queueLimit, kind);
}
