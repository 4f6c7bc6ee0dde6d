using System;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Builds loggers with a pipeline around given sinks; small timeouts keep hang tests short.</summary>
internal static class Pipelines
{
    public static Logger Create(FapilogPipelineOptions options, out FapilogPipeline pipeline, params ILogEventSink[] sinks)
    {
        options.Name = options.Name == "default" ? "test-" + Guid.NewGuid().ToString("N")[..8] : options.Name;
        options.FlushOnProcessExit = false;
        return new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(wt =>
            {
                foreach (var sink in sinks)
                {
                    wt.Sink(sink);
                }
            }, options, out pipeline)
            .CreateLogger();
    }

    public static void AssertInvariant(FapilogPipelineStats stats)
    {
        // Debug builds check the pipeline's own invariants as it runs; a broken one surfaces as its last error.
        Assert.DoesNotContain(nameof(InvariantViolationException), stats.LastError ?? string.Empty, StringComparison.Ordinal);
        Assert.True(stats.Queued >= 0, $"queued went negative: {stats}");
        Assert.Equal(stats.Received, stats.Written + stats.Failed + stats.Filtered + stats.Dropped + stats.Queued);
    }

    /// <summary>At a quiescent point after close: nothing queued, and every event accounted for.</summary>
    public static void AssertDrained(FapilogPipelineStats stats)
    {
        Assert.Equal(0, stats.Queued);
        AssertInvariant(stats);
    }
}
