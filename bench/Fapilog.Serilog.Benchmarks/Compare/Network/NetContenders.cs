using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Serilog;
using Serilog.Sinks.OpenTelemetry;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>The knobs every network setup is given the same: batch size and time, and how many events may wait.</summary>
/// <param name="QueueLimit">Fapilog's pipeline queue (Wait mode), as in the file comparison.</param>
/// <param name="BufferLimit">
/// The events an output may hold before it drops: Serilog's <c>BatchingSink</c> queue (Serilog.Sinks.Seq's
/// <c>queueSizeLimit</c>, Serilog.Sinks.OpenTelemetry's <c>BatchingOptions.QueueLimit</c>) and Fapilog's
/// <c>Delivery.BufferEventLimit</c>. Neither library can block its caller at this queue, so it is made large enough
/// for a whole run: nothing may be dropped (and losses are counted anyway).
/// </param>
/// <param name="BatchSize">The most events in one request, for every network setup.</param>
/// <param name="BatchTime">The longest an event waits for its batch to fill, for every network setup.</param>
internal sealed record NetSettings(int QueueLimit, int BufferLimit, int BatchSize, TimeSpan BatchTime);

/// <summary>A setup of the network comparison: its letter, label, protocol (<c>seq</c>, <c>otlp</c> or <c>file</c>) and how to build it against the endpoint.</summary>
internal sealed record NetContenderDefinition(string Letter, string Label, string Protocol, Func<string, string, NetSettings, Contender> Create);

/// <summary>
/// The setups: Serilog.Sinks.Seq (s) and our Seq output (q) to the endpoint's <c>/ingest/clef</c>; Serilog.Sinks.OpenTelemetry
/// (t) and our OTLP output (u) to its <c>/v1/logs</c> as HTTP protobuf, uncompressed, the same <c>service.name</c>
/// resource attribute, no environment variables read, the message template as an attribute (both defaults); our envelope file pipeline (e), the file comparison's (e), as the
/// caller-cost and allocation reference. Every setup logs the file comparison's call; both Seq setups send CLEF
/// (<c>@mt</c> with the properties, no rendered message); batches of <see cref="NetSettings.BatchSize"/> events or
/// <see cref="NetSettings.BatchTime"/>, whichever comes first.
/// </summary>
internal static class NetContenders
{
    public static IReadOnlyList<NetContenderDefinition> All { get; } =
    [
        new("s", "Serilog.Sinks.Seq 9.1.0", "seq", (_, url, s) => SerilogSeq(url, s)),
        new("q", "Fapilog (Wait) -> Seq (CLEF)", "seq", FapilogSeq),
        new("t", "Serilog.Sinks.OpenTelemetry 4.2.0 (HTTP protobuf)", "otlp", (_, url, s) => SerilogOtlp(url, s)),
        new("u", "Fapilog (Wait) -> OTLP (HTTP protobuf)", "otlp", FapilogOtlp),
        new("e", "Fapilog (Wait) -> envelope file", "file", (dir, _, s) => Contenders.All.Single(c => c.Letter == "e").Create(dir, s.QueueLimit)),
    ];

    private static int s_pipelines;

    private static Contender SerilogSeq(string url, NetSettings s)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Seq(url, batchPostingLimit: s.BatchSize, period: s.BatchTime, queueSizeLimit: s.BufferLimit)
            .CreateLogger();
        return new SerilogContender(string.Empty, logger);
    }

    private static Contender SerilogOtlp(string url, NetSettings s)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.OpenTelemetry(
                o =>
                {
                    o.Endpoint = null;
                    o.LogsEndpoint = url + "/v1/logs";
                    o.Protocol = OtlpProtocol.HttpProtobuf;
                    o.ResourceAttributes = new Dictionary<string, object> { ["service.name"] = "bench" };
                    o.BatchingOptions.BatchSizeLimit = s.BatchSize;
                    o.BatchingOptions.BufferingTimeLimit = s.BatchTime;
                    o.BatchingOptions.QueueLimit = s.BufferLimit;
                },
                ignoreEnvironment: true)
            .CreateLogger();
        return new SerilogContender(string.Empty, logger);
    }

    private static Contender FapilogSeq(string dir, string url, NetSettings s)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(
                wt => wt.FapilogSeq(new FapilogSeqOptions { Url = url, Delivery = Delivery(dir, s) }),
                Pipeline(s),
                out var pipeline)
            .CreateLogger();
        return new SerilogContender(dir, logger, () => pipeline.GetStats().Dropped + pipeline.GetOutputStats().Sum(o => o.Dropped + o.Failed));
    }

    private static Contender FapilogOtlp(string dir, string url, NetSettings s)
    {
        var options = new FapilogOtlpOptions
        {
            Url = url,
            Protocol = FapilogOtlpProtocol.HttpProtobuf,
            Compression = FapilogOtlpCompression.None,
            ReadEnvironment = false,
            Delivery = Delivery(dir, s),
        };
        options.ResourceAttributes["service.name"] = "bench";
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(wt => wt.FapilogOtlp(options), Pipeline(s), out var pipeline)
            .CreateLogger();
        return new SerilogContender(dir, logger, () => pipeline.GetStats().Dropped + pipeline.GetOutputStats().Sum(o => o.Dropped + o.Failed));
    }

    /// <summary>The pipeline as in the file comparison's (e): Wait mode, no time limit on the wait, the same queue.</summary>
    private static FapilogPipelineOptions Pipeline(NetSettings s) => new()
    {
        FullMode = QueueFullMode.Wait,
        MaxWait = Timeout.InfiniteTimeSpan,
        FlushOnProcessExit = false,
        QueueLimit = s.QueueLimit,
        Name = "bench-net-" + Interlocked.Increment(ref s_pipelines),
    };

    /// <summary>
    /// The output's delivery: the same batches as the other library's; a buffer that holds a whole run; a close that
    /// may take as long as sending the backlog takes (its default 1.5 s would fail a large backlog as
    /// <c>shutdown_timeout</c>, where Serilog's batching sink waits for its queue to drain); the default spool mode
    /// (Protected: the workload's Information events are never spooled) with its folder in the run's folder.
    /// </summary>
    private static FapilogDeliveryOptions Delivery(string dir, NetSettings s) => new()
    {
        BatchSizeLimit = s.BatchSize,
        BatchTimeLimit = s.BatchTime,
        BufferEventLimit = s.BufferLimit,
        BufferBytesLimit = 16L * 1024 * 1024 * 1024,
        CloseTimeout = TimeSpan.FromMinutes(2),
        SpoolDirectory = Path.Combine(dir, "spool"),
    };
}
