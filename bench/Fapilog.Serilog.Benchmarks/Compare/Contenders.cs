using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Fapilog.Serilog.Formatting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// The six setups of the comparison, (a) to (f). Every file setup writes one JSON object per line with the
/// rendered message and every property, keeps its file open, never flushes per event, and has no size limit
/// (so no setup rolls or stops mid-run). Bounded queues are 10 000 events everywhere.
/// </summary>
internal static class Contenders
{
    public static IReadOnlyList<ContenderDefinition> All { get; } =
    [
        new("a", "Serilog + null sink", dir => Serilog(dir, c => c.WriteTo.Sink(new NullSink()))),
        new("b", "Serilog File (JsonFormatter, buffered)", dir => Serilog(dir, c => SerilogFile(c.WriteTo, dir))),
        new("c", "Serilog.Sinks.Async (block) + File", dir => Serilog(dir, c => c.WriteTo.Async(a => SerilogFile(a, dir), bufferSize: 10_000, blockWhenFull: true))),
        new("d", "NLog AsyncWrapper (Block) + File JsonLayout", dir => new NLogContender(dir)),
        new("e", "Fapilog (Wait) -> envelope file", dir => Fapilog(dir, FapilogFormat.Envelope)),
        new("f", "Fapilog (Wait) -> CLEF file", dir => Fapilog(dir, FapilogFormat.Clef)),
    ];

    private static Contender Serilog(string dir, Action<LoggerConfiguration> configure)
    {
        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        configure(config);
        return new SerilogContender(dir, config.CreateLogger());
    }

    private static LoggerConfiguration SerilogFile(global::Serilog.Configuration.LoggerSinkConfiguration to, string dir) =>
        to.File(new JsonFormatter(renderMessage: true), Path.Combine(dir, "serilog.jsonl"), buffered: true, fileSizeLimitBytes: null);

    private static int s_pipelines;

    private static Contender Fapilog(string dir, FapilogFormat format)
    {
        var options = new FapilogSinkOptions
        {
            FullMode = QueueFullMode.Wait,
            MaxWait = Timeout.InfiniteTimeSpan,
            FlushOnProcessExit = false,
            // Pipelines are registered by name; each run gets its own.
            Name = "bench-" + Interlocked.Increment(ref s_pipelines),
        };
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(
                wt => wt.FapilogFile(Path.Combine(dir, "fapilog.jsonl"), format, fileSizeLimitBytes: null, retainedFileCountLimit: null),
                options,
                out var pipeline)
            .CreateLogger();
        return new SerilogContender(dir, logger, () => pipeline.GetStats().Dropped);
    }

    /// <summary>Serilog's front-end cost alone: the floor every Serilog setup pays.</summary>
    private sealed class NullSink : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
        }
    }
}

/// <summary>A contender's letter (as in the issue), its label, and how to build a fresh instance in a folder.</summary>
internal sealed record ContenderDefinition(string Letter, string Label, Func<string, Contender> Create);
