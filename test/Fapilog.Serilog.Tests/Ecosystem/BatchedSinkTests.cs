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
        Assert.Equal(3 * flushed.Stats.Batches, batched.Calls); // one chunk per batch, three attempts each, then no more
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void BatchedSink_GetsOnEmptyBatch_OnEachIdlePeriod()
    {
        var batched = new RecordingBatchedSink();
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions()), out _, bufferingTimeLimit: TimeSpan.FromMilliseconds(20));

        logger.Information("Event {N}", 1);

        // Three idle periods after the event: once per period, not once per idle stretch.
        Assert.True(batched.EmptyBatchesAfterEvents.Wait(TimeSpan.FromSeconds(30)), "OnEmptyBatchAsync did not come on each idle period");
        logger.Dispose();
    }

    [Fact]
    public void BatchedSinkWithRestrictedToMinimumLevel_IsDrivenNatively_AndKeepsItsLevel()
    {
        var batched = new RecordingBatchedSink();
        var logger = Create(wt => wt.Sink(batched, new BatchingOptions { BufferingTimeLimit = TimeSpan.FromHours(1) }, global::Serilog.Events.LogEventLevel.Warning), out var pipeline);

        logger.Information("Event {N}", 1);
        logger.Warning("Event {N}", 2);
        logger.Error("Event {N}", 3);
        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(3, flushed.Stats.Written);
        Assert.Equal(new[] { 2, 3 }, batched.Received.Select(Some.NumberOf));
        Assert.All(batched.Threads, name => Assert.StartsWith("fapilog", name)); // our writer: Serilog's wrappers were taken apart
        logger.Dispose();
        Assert.Equal(1, batched.Disposals);
    }

    [Fact]
    public void PeriodicBatchingSubclass_IsDrivenNatively_KeepsItsFilter_AndIsDisposedOnce()
    {
        var subclass = new LegacyPeriodicSink();
        var logger = Create(wt => wt.Sink(subclass), out var pipeline);

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(10, flushed.Stats.Written);
        Assert.Equal(new[] { 0, 2, 4, 6, 8 }, subclass.Received.Select(Some.NumberOf)); // its CanInclude still filters
        Assert.All(subclass.Threads, name => Assert.StartsWith("fapilog", name));

        logger.Dispose();
        Assert.Equal(1, subclass.Disposals);
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

    private static Logger Create(Action<LoggerSinkConfiguration> configure, out FapilogPipeline pipeline, TimeSpan? bufferingTimeLimit = null)
    {
        var options = new FapilogPipelineOptions
        {
            Name = "batched-" + Guid.NewGuid().ToString("N")[..8],
            FlushOnProcessExit = false,
            BatchRetryDelays = new[] { TimeSpan.Zero, TimeSpan.Zero },
            BufferingTimeLimit = bufferingTimeLimit ?? TimeSpan.FromMilliseconds(250),
        };
        return new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Fapilog(configure, options, out pipeline).CreateLogger();
    }

    /// <summary>PeriodicBatching's older inheritance API: a subclass that overrides the batch call and a filter.</summary>
    private sealed class LegacyPeriodicSink : PeriodicBatchingSink
    {
        private readonly System.Collections.Generic.List<global::Serilog.Events.LogEvent> _received = new();

#pragma warning disable CS0618 // the legacy inheritance API is what this test is about
        public LegacyPeriodicSink()
            : base(batchSizeLimit: 3, period: TimeSpan.FromHours(1))
        {
        }
#pragma warning restore CS0618

        public System.Collections.Generic.IReadOnlyList<global::Serilog.Events.LogEvent> Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToArray();
                }
            }
        }

        public System.Collections.Generic.HashSet<string?> Threads { get; } = new();

        public int Disposals { get; private set; }

        protected override bool CanInclude(global::Serilog.Events.LogEvent logEvent) => Some.NumberOf(logEvent) % 2 == 0;

        protected override System.Threading.Tasks.Task EmitBatchAsync(System.Collections.Generic.IEnumerable<global::Serilog.Events.LogEvent> events)
        {
            lock (_received)
            {
                Threads.Add(System.Threading.Thread.CurrentThread.Name);
                _received.AddRange(events);
            }

            return System.Threading.Tasks.Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            Disposals++;
            base.Dispose(disposing);
        }
    }
}
