using System;
using System.Collections.Generic;
using Fapilog.Serilog.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

public class BufferingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Policy_WaitsForAFullBatch_UpToTheLimit_ThenTakesWhatIsThere()
    {
        var time = new ManualTimeProvider(Start);
        var policy = new BufferingPolicy(time, TimeSpan.FromMilliseconds(250), batchSize: 10);

        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.Decide(depth: 3, urgent: false));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(150), policy.Decide(depth: 5, urgent: false));
        time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.Zero, policy.Decide(depth: 5, urgent: false));
    }

    [Fact]
    public void Policy_TakesAtOnce_AFullBatch_AnUrgentOne_OrNothing()
    {
        var policy = new BufferingPolicy(new ManualTimeProvider(Start), TimeSpan.FromHours(1), batchSize: 10);

        Assert.Equal(TimeSpan.Zero, policy.Decide(depth: 10, urgent: false));
        Assert.Equal(TimeSpan.Zero, policy.Decide(depth: 2, urgent: true));
        Assert.Equal(TimeSpan.Zero, policy.Decide(depth: 0, urgent: false));
    }

    [Fact]
    public void Policy_AfterABatch_CountsTheRestFromThen()
    {
        var time = new ManualTimeProvider(Start);
        var policy = new BufferingPolicy(time, TimeSpan.FromMilliseconds(250), batchSize: 10);
        policy.Decide(depth: 3, urgent: false);
        time.Advance(TimeSpan.FromMilliseconds(200));

        policy.BatchTaken(depthLeft: 4);
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(TimeSpan.FromMilliseconds(150), policy.Decide(depth: 4, urgent: false));
    }

    [Fact]
    public void Pipeline_WithASinkThatPrefersFullBatches_HandsOverFullBatches_UntilAFlush()
    {
        var buffered = new BufferedSink();
        var local = new CollectingSink();
        var options = new FapilogPipelineOptions { BatchSizeLimit = 10, BufferingTimeLimit = TimeSpan.FromHours(1) };
        var logger = Pipelines.Create(options, out var pipeline, buffered, local);

        for (int i = 0; i < 25; i++)
        {
            logger.Information("Event {N}", i);
        }

        Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut);
        logger.Dispose();

        Assert.Equal(new[] { 10, 10, 5 }, buffered.BatchSizes);
        Assert.Equal(25, local.Events.Count);
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void Pipeline_WithABatchLargerThanTheQueueCanHold_NeverWaitsForIt()
    {
        var buffered = new BufferedSink();
        var options = new FapilogPipelineOptions
        {
            QueueLimit = 100,
            ProtectedReserve = 10,
            BatchSizeLimit = 1000,
            BufferingTimeLimit = TimeSpan.FromHours(1),
            FullMode = QueueFullMode.Wait,
            MaxWait = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var logger = Pipelines.Create(options, out var pipeline, buffered);

        // Waiting for 1 000 queued events would block these producers for the hour: the batch target is
        // capped at half the ordinary room (45), so they all land.
        var producer = System.Threading.Tasks.Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                logger.Information("Event {N}", i);
            }
        });
        Assert.True(producer.Wait(TimeSpan.FromSeconds(60)), "producers were left waiting for a batch the queue cannot hold");
        logger.Dispose();

        Assert.Equal(500, pipeline.GetStats().Written);
        Assert.All(buffered.BatchSizes, size => Assert.InRange(size, 1, 1000));
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    private sealed class BufferedSink : IFapilogBufferedBatchSink, ILogEventSink
    {
        public List<int> BatchSizes { get; } = new();

        public void EmitBatch(ReadOnlySpan<FapilogEvent> batch) => BatchSizes.Add(batch.Length);

        public void Flush()
        {
        }

        public void Emit(LogEvent logEvent) => throw new NotSupportedException("batches only");
    }
}
