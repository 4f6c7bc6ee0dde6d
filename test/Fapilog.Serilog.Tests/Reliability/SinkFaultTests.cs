using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// Wrapped sinks that throw, hang or crawl: the writer survives, the other sinks keep receiving, close is bounded
/// and reports what it left, and SelfLog gets a few summaries, never a line per event.
/// </summary>
[Collection(SelfLogCollection.Name)]
public class SinkFaultTests
{
    // A handful of summary lines, whatever the number of events: one per failure kind per interval plus close.
    private const int SelfLogLineBound = 6;

    [Fact]
    public void SinkThatThrowsOnSomeEvents_TheOtherSinkGetsEveryEvent_AndFailuresAreCountedAndSummarised()
    {
        using var selfLog = new SelfLogCapture();
        var throwing = new ThrowingSink(e => Some.NumberOf(e) % 3 == 0);
        var collecting = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, throwing, collecting);

        for (int i = 0; i < 3000; i++)
        {
            logger.Information("Event {N}", i);
        }

        var result = pipeline.Close();

        Assert.False(result.TimedOut);
        Assert.Equal(3000, throwing.Attempts);
        Assert.Equal(Enumerable.Range(0, 3000), collecting.Events.Select(Some.NumberOf));
        Assert.Equal(1000, result.Stats.Failed);
        Assert.Equal(2000, result.Stats.Written);
        Pipelines.AssertInvariant(result.Stats);
        Assert.InRange(selfLog.Lines.Count, 1, SelfLogLineBound);
        Assert.Equal(1000, FailedEventsIn(selfLog, nameof(ThrowingSink)));
    }

    [Fact]
    public void SinkThatThrowsOnEveryEvent_TheWriterSurvives_AndSelfLogGetsSummariesNotOneLinePerEvent()
    {
        using var selfLog = new SelfLogCapture();
        var time = new ManualTimeProvider(Some.Timestamp);
        var throwing = new ThrowingSink();
        var collecting = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { TimeProvider = time }, out var pipeline, throwing, collecting);

        // Three reporting intervals of failures: one summary each, then one at close.
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 5000; i++)
            {
                logger.Information("Event {N}", i);
            }

            Assert.False(pipeline.Flush(TimeSpan.FromMinutes(1)).TimedOut); // the writer is alive and caught up
            time.Advance(TimeSpan.FromSeconds(11));
        }

        logger.Information("Event {N}", -1);
        var result = pipeline.Close();

        Assert.Equal(15_001, collecting.Events.Count);
        Assert.Equal(15_001, result.Stats.Failed);
        Assert.Equal(0, result.Stats.Written);
        Pipelines.AssertInvariant(result.Stats);
        Assert.Contains("sink failure", result.Stats.LastError, StringComparison.Ordinal);
        Assert.InRange(selfLog.Lines.Count, 3, SelfLogLineBound);
        Assert.Equal(15_001, FailedEventsIn(selfLog, nameof(ThrowingSink)));
    }

    [Fact]
    public void SinksThatThrowOnDispose_DisposeReturns_TheNextSinkIsStillDisposed_AndEachFailureIsReported()
    {
        using var selfLog = new SelfLogCapture();
        var throwsOnDispose = new ThrowingSink(_ => false, throwOnDispose: true);
        var throwsOnDisposeAsync = new ThrowingAsyncDisposableSink();
        var last = new GatedSink();
        last.Open();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, throwsOnDispose, throwsOnDisposeAsync, last);
        logger.Information("one");

        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.True(last.Disposed);
        Assert.Equal(1, stats.Written);
        Pipelines.AssertInvariant(stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("ThrowingSink threw on dispose", StringComparison.Ordinal));
        Assert.Contains(selfLog.Lines, l => l.Contains("ThrowingAsyncDisposableSink threw on dispose", StringComparison.Ordinal));
    }

    [Fact]
    public void SinkThatHangsForever_EmitNeverBlocks_CloseReturnsTimedOut_AndReportsDropsAndWhatWasLeft()
    {
        using var selfLog = new SelfLogCapture();
        var hanging = new HangingSink();
        var options = new FapilogPipelineOptions
        {
            QueueLimit = 200,
            ProtectedReserve = 100,
            ProtectedMaxWait = TimeSpan.FromMilliseconds(10),
            ShutdownTimeout = TimeSpan.FromMilliseconds(200),
        };
        var logger = Pipelines.Create(options, out var pipeline, hanging);
        logger.Information("Event {N}", -1);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)));

        // Drop mode: every ordinary event past the queue's 100 ordinary slots is dropped at once; the test would
        // hang here if Emit blocked. Then protected events fill the reserve, and the next one times out.
        for (int i = 0; i < 10_000; i++)
        {
            logger.Information("Event {N}", i);
        }

        for (int i = 0; i < 101; i++)
        {
            logger.Audit("Audit {N}", i);
        }

        var result = pipeline.Close();

        var stats = result.Stats;
        Assert.True(result.TimedOut);
        Assert.Equal(10_102, stats.Received);
        Assert.Equal(10_000 - 100, stats.DroppedFor(DropReason.QueueFull));
        Assert.Equal(1, stats.DroppedFor(DropReason.ProtectedTimeout));
        Assert.Equal(201, stats.DroppedFor(DropReason.ShutdownTimeout)); // the event in the sink, 100 + 100 queued
        Assert.Equal(0, stats.Written);
        Pipelines.AssertInvariant(stats);
        var lines = selfLog.Lines;
        Assert.Contains(lines, l => l.Contains("201 events not written (shutdown_timeout)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DROPPED a protected Audit event (protected_timeout)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("dropped 9900 events (queue_full)", StringComparison.Ordinal));
        Assert.InRange(lines.Count, 3, SelfLogLineBound);

        hanging.Release(); // the abandoned writer ends without counting or reporting anything more
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(stats.ToString(), pipeline.GetStats().ToString());
        Assert.Equal(lines.Count, selfLog.Lines.Count);
    }

    [Fact]
    public void SlowSink_CloseWaitsForIt_AndEverySinkGetsEveryEvent()
    {
        var slow = new SpinningSink(20_000);
        var collecting = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { ShutdownTimeout = TimeSpan.FromMinutes(2) }, out var pipeline, slow, collecting);

        for (int i = 0; i < 2000; i++)
        {
            logger.Information("Event {N}", i);
        }

        var result = pipeline.Close();

        Assert.False(result.TimedOut);
        Assert.Equal(2000, slow.Count);
        Assert.Equal(Enumerable.Range(0, 2000), collecting.Events.Select(Some.NumberOf));
        Assert.Equal(2000, result.Stats.Written);
        Pipelines.AssertInvariant(result.Stats);
    }

    [Fact]
    public void SlowSink_PastTheShutdownTimeout_CloseReturnsAndCountsTheRestAsShutdownTimeout()
    {
        using var selfLog = new SelfLogCapture();
        var slow = new MeteredSink();
        var options = new FapilogPipelineOptions { BatchSizeLimit = 10, ShutdownTimeout = TimeSpan.FromMilliseconds(200) };
        var logger = Pipelines.Create(options, out var pipeline, slow);
        logger.Information("Event {N}", 0);
        Assert.True(slow.Starved.Wait(TimeSpan.FromSeconds(30))); // the writer holds a batch of one event
        for (int i = 1; i < 50; i++)
        {
            logger.Information("Event {N}", i);
        }

        // Let through that event and a full batch of ten: starved again at the first event of the third batch.
        slow.Starved.Reset();
        slow.Allow(11);
        Assert.True(slow.Starved.Wait(TimeSpan.FromSeconds(30)));
        var result = pipeline.Close();

        Assert.True(result.TimedOut);
        Assert.Equal(11, slow.Written);
        Assert.Equal(11, result.Stats.Written);
        Assert.Equal(39, result.Stats.DroppedFor(DropReason.ShutdownTimeout));
        Pipelines.AssertInvariant(result.Stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("39 events not written (shutdown_timeout)", StringComparison.Ordinal));

        slow.Allow(1000); // the sink catches up later: the closed pipeline's counts do not move
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(11, pipeline.GetStats().Written);
        Pipelines.AssertInvariant(pipeline.GetStats());
    }

    [Fact]
    public async Task SinkThatHangsForever_FlushAndDisposeAsyncReturn_WithoutThrowing()
    {
        var hanging = new HangingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(100) }, out var pipeline, hanging);
        logger.Information("stuck");
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)));

        var flushed = pipeline.Flush(TimeSpan.FromMilliseconds(50));
        var flushedAsync = await pipeline.FlushAsync(TimeSpan.FromMilliseconds(50));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var flushedCancelled = await pipeline.FlushAsync(TimeSpan.FromMinutes(1), cancelled.Token);
        await logger.DisposeAsync();

        Assert.True(flushed.TimedOut);
        Assert.True(flushedAsync.TimedOut);
        Assert.True(flushedCancelled.TimedOut);
        var stats = pipeline.GetStats();
        Assert.True(stats.IsClosed);
        Assert.Equal(1, stats.DroppedFor(DropReason.ShutdownTimeout));
        Pipelines.AssertInvariant(stats);
        hanging.Release();
    }

    /// <summary>Sums the event counts of the SelfLog summaries about one sink type.</summary>
    private static long FailedEventsIn(SelfLogCapture selfLog, string sinkType) =>
        selfLog.Lines
            .Select(l => Regex.Match(l, $@"sink {sinkType} failed \d+ times? \((\d+) events\)"))
            .Where(m => m.Success)
            .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}
