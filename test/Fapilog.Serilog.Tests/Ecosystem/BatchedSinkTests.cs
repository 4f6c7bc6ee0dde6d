using System;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Sinks.PeriodicBatching;

namespace Fapilog.Serilog.Tests.Ecosystem;

/// <summary>
/// Serilog 4 batched sinks (<c>wt.Sink(batched, options)</c>) and PeriodicBatching 5 sinks inside a pipeline are
/// driven by our writer: our queue is their only queue, and what the stats call written is what they received.
/// </summary>
public class BatchedSinkTests
{
    [Fact]
    public void Serilog4BatchedSink_AfterFlush_HasReceivedExactlyWhatTheStatsCallWritten()
    {
        var batched = new RecordingBatchedSink();
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions { BatchSizeLimit = 7, BufferingTimeLimit = TimeSpan.FromHours(1) }), out var pipeline);

        for (int i = 0; i < 20; i++)
        {
            logger.Information("Event {N}", i);
        }

        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.False(flushed.TimedOut);
        Assert.Equal(20, flushed.Stats.Written);
        Assert.Equal(Enumerable.Range(0, 20), batched.Received.Select(Some.NumberOf));
        Assert.InRange(batched.LargestBatch, 1, 7); // the sink's own batch size limit is honoured
        Assert.All(batched.Threads, name => Assert.StartsWith("fapilog", name)); // our writer, not Serilog's loop

        logger.Dispose();
        Assert.Equal(1, batched.Disposals);
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void Serilog4BatchedSink_AfterCloseAndFlush_HasReceivedEveryEvent()
    {
        var batched = new RecordingBatchedSink();
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions { BufferingTimeLimit = TimeSpan.FromHours(1) }), out var pipeline);

        for (int i = 0; i < 500; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(500, stats.Written);
        Assert.Equal(Enumerable.Range(0, 500), batched.Received.Select(Some.NumberOf));
        Assert.Equal(1, batched.Disposals);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void BatchedSinkThatFailsTwice_IsRetried_AndLosesNothing()
    {
        var batched = new RecordingBatchedSink(failFirst: 2);
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions()), out var pipeline);

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(10, stats.Written);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(Enumerable.Range(0, 10), batched.Received.Select(Some.NumberOf));
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void BatchedSinkThatAlwaysFails_CountsEveryEventFailed_AfterTheBoundedRetries()
    {
        var batched = new RecordingBatchedSink(failFirst: int.MaxValue);
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions { BatchSizeLimit = 1000 }), out var pipeline);

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));
        logger.Dispose();

        Assert.Equal(10, flushed.Stats.Failed);
        Assert.Equal(0, flushed.Stats.Written);
        Assert.Empty(batched.Received);
        Assert.Equal(0, batched.Calls % 3); // three attempts per batch (the default policy), then no more
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void BatchedSink_GetsOnEmptyBatch_WhenTheWriterFallsIdle()
    {
        var batched = new RecordingBatchedSink();
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions()), out _);

        logger.Information("Event {N}", 1);

        Assert.True(batched.EmptyBatchSeen.Wait(TimeSpan.FromSeconds(30)), "OnEmptyBatchAsync was never called");
        logger.Dispose();
    }

    [Fact]
    public void PeriodicBatching5Sink_IsDrivenByOurWriter()
    {
        var batched = new RecordingPeriodicBatchedSink();
        var logger = Create(
            wt => wt.Sink(new PeriodicBatchingSink(batched, new PeriodicBatchingSinkOptions { BatchSizeLimit = 3, Period = TimeSpan.FromHours(1) })),
            out var pipeline);

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(10, flushed.Stats.Written);
        Assert.Equal(Enumerable.Range(0, 10), batched.Received.Select(Some.NumberOf));
        Assert.All(batched.Threads, name => Assert.StartsWith("fapilog", name));

        logger.Dispose();
        Assert.Equal(1, batched.Disposals);
    }

    private static Logger Create(Action<LoggerSinkConfiguration> configure, out FapilogPipeline pipeline)
    {
        var options = new FapilogPipelineOptions
        {
            Name = "batched-" + Guid.NewGuid().ToString("N")[..8],
            FlushOnProcessExit = false,
            BatchRetryDelays = new[] { TimeSpan.Zero, TimeSpan.Zero },
        };
        return new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Fapilog(configure, options, out pipeline).CreateLogger();
    }
}
