using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

[Collection(SelfLogCollection.Name)]
public class BackpressureTests
{
    // QueueLimit 10 with a reserve of 2: ordinary events see 8 slots, protected ones all 10.
    private static FapilogPipelineOptions Small(QueueFullMode mode = QueueFullMode.Drop) => new()
    {
        QueueLimit = 10,
        ProtectedReserve = 2,
        FullMode = mode,
        MaxWait = TimeSpan.Zero,
        ProtectedMaxWait = TimeSpan.Zero,
    };

    [Fact]
    public void Emit_WhenQueueIsFull_DropsAndCounts_AndCountersAddUp()
    {
        var gated = new GatedSink();
        var logger = Pipelines.Create(Small(), out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 20, LogEventLevel.Information);

        var held = pipeline.GetStats();
        Assert.Equal(21, held.Received);
        Assert.Equal(12, held.DroppedFor(DropReason.QueueFull));
        Assert.Equal(12, held.DroppedFor(FapilogLevel.Information));
        Assert.Equal(9, held.Queued); // the one in the sink plus 8 in the queue
        Pipelines.AssertInvariant(held);

        gated.Open();
        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(Enumerable.Range(0, 9), gated.Events.Select(Some.NumberOf));
        Assert.Equal(9, stats.Written);
        Assert.Equal(0, stats.Queued);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void ProtectedReserve_LetsAuditThrough_WhileOrdinaryEventsAreDropped()
    {
        var gated = new GatedSink();
        var logger = Pipelines.Create(Small(), out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 8, LogEventLevel.Information);

        logger.Information("Event {N}", 100);  // dropped: ordinary room is full
        logger.Audit("Event {N}", 101);        // takes a reserved slot
        logger.Security("Event {N}", 102);     // takes the last reserved slot
        logger.Information("Event {N}", 103);  // dropped

        gated.Open();
        logger.Dispose();

        var numbers = gated.Events.Select(Some.NumberOf).ToList();
        Assert.Equal(Enumerable.Range(0, 9).Concat(new[] { 101, 102 }), numbers);
        var stats = pipeline.GetStats();
        Assert.Equal(2, stats.DroppedFor(DropReason.QueueFull));
        Assert.Equal(0, stats.DroppedFor(FapilogLevel.Audit));
        Assert.Equal(0, stats.DroppedFor(FapilogLevel.Security));
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void ProtectedEvent_WhenEvenTheReserveIsFull_WaitsAndLandsWhenSpaceFrees()
    {
        var gated = new GatedSink();
        var options = Small();
        options.ProtectedMaxWait = Timeout.InfiniteTimeSpan;
        var logger = Pipelines.Create(options, out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 10, LogEventLevel.Error); // protected: fills all 10 slots

        var auditor = Task.Factory.StartNew(() => logger.Audit("Event {N}", 11), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => pipeline.Sink.Room.Waiting == 1, TimeSpan.FromSeconds(30)), "the audit event never parked");
        Assert.False(auditor.IsCompleted);
        Assert.Equal(0, pipeline.GetStats().Dropped);

        gated.Open();
        Assert.True(auditor.Wait(TimeSpan.FromSeconds(30)));
        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 12), gated.Events.Select(Some.NumberOf));
        Assert.Equal(0, pipeline.GetStats().Dropped);
    }

    [Fact]
    public void ProtectedEvent_WhenItsWaitRunsOut_IsDroppedCountedAndReportedAtOnce()
    {
        using var selfLog = new SelfLogCapture();
        var gated = new GatedSink();
        var logger = Pipelines.Create(Small(), out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 10, LogEventLevel.Error);

        logger.Audit("Lost {N}", 11); // ProtectedMaxWait is zero

        var stats = pipeline.GetStats();
        Assert.Equal(1, stats.DroppedFor(DropReason.ProtectedTimeout));
        Assert.Equal(1, stats.DroppedFor(FapilogLevel.Audit));
        Assert.Contains(selfLog.Lines, l => l.Contains("DROPPED a protected Audit event", StringComparison.Ordinal) && l.Contains(pipeline.Name, StringComparison.Ordinal));
        gated.Open();
        logger.Dispose();
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void WaitMode_WithInfiniteWait_LosesNothing()
    {
        var sink = new CollectingSink();
        var options = new FapilogPipelineOptions { QueueLimit = 16, ProtectedReserve = 4, FullMode = QueueFullMode.Wait, MaxWait = Timeout.InfiniteTimeSpan, BatchSizeLimit = 4 };
        var logger = Pipelines.Create(options, out var pipeline, sink);

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, p =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                logger.Information("Event {N} from {P}", (p * 10_000) + i, p);
            }
        });
        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(20_000, stats.Received);
        Assert.Equal(20_000, stats.Written);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(20_000, sink.Events.Count);
        foreach (var group in sink.Events.GroupBy(e => ((ScalarValue)e.Properties["P"]).Value))
        {
            var ns = group.Select(Some.NumberOf).ToList();
            Assert.Equal(ns.OrderBy(n => n), ns); // per producer, in the order logged
        }
    }

    [Fact]
    public void WaitMode_WithBoundedWait_DropsAfterTheWait_AndCounts()
    {
        var gated = new GatedSink();
        var options = Small(QueueFullMode.Wait);
        options.MaxWait = TimeSpan.FromMilliseconds(1);
        var logger = Pipelines.Create(options, out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 10, LogEventLevel.Information);

        Assert.Equal(2, pipeline.GetStats().DroppedFor(DropReason.QueueFull));
        gated.Open();
        logger.Dispose();
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void BoundedWaits_AfterOneRanOutWithoutProgress_DropAtOnce_UntilTheWriterMovesAgain()
    {
        var gated = new GatedSink();
        var options = Small();
        options.ProtectedMaxWait = TimeSpan.FromMilliseconds(1);
        var logger = Pipelines.Create(options, out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 10, LogEventLevel.Error);

        logger.Error("Event {N}", 11); // waits its 1 ms, is dropped, and marks the stall
        logger.Error("Event {N}", 12); // the writer has not moved: dropped without waiting
        logger.Audit("Event {N}", 13);

        Assert.Equal(1, pipeline.Sink.Room.WaitsStarted);
        Assert.Equal(3, pipeline.GetStats().DroppedFor(DropReason.ProtectedTimeout));

        gated.Open();
        Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut);
        Assert.Equal(11, pipeline.GetStats().Written);

        // The writer made progress: the next full queue is waited for again.
        gated.Rearm();
        HoldWriterThenLog(logger, gated, held: 20, from: 21, to: 30, LogEventLevel.Error);

        logger.Error("Event {N}", 31);
        Assert.Equal(2, pipeline.Sink.Room.WaitsStarted);
        gated.Open();
        logger.Dispose();
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void AnOrdinaryTimeout_DoesNotCutAProtectedEventsWait()
    {
        var gated = new GatedSink();
        var options = Small(QueueFullMode.Wait);
        options.MaxWait = TimeSpan.FromMilliseconds(1);
        options.ProtectedMaxWait = TimeSpan.FromMilliseconds(1);
        var logger = Pipelines.Create(options, out var pipeline, gated);
        HoldWriterThenLog(logger, gated, held: 0, from: 1, to: 10, LogEventLevel.Error);

        logger.Information("Event {N}", 11); // ordinary: waits, times out, marks an ordinary stall
        logger.Information("Event {N}", 12); // ordinary: cut short
        logger.Error("Event {N}", 13);       // protected: still waits its own bound
        logger.Error("Event {N}", 14);       // protected: now cut short by a protected timeout

        Assert.Equal(2, pipeline.Sink.Room.WaitsStarted);
        gated.Open();
        logger.Dispose();
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    /// <summary>
    /// Logs event <paramref name="held"/>, waits until the writer is blocked inside the gated sink with it, then
    /// logs events <paramref name="from"/>..<paramref name="to"/>: the queue now holds exactly what was admitted.
    /// </summary>
    private static void HoldWriterThenLog(global::Serilog.ILogger logger, GatedSink gated, int held, int from, int to, LogEventLevel level)
    {
        logger.Information("Event {N}", held);
        gated.WaitUntilWriterIsHeld();
        for (int i = from; i <= to; i++)
        {
            logger.Write(level, "Event {N}", i);
        }
    }
}
