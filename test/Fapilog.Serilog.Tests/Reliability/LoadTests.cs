using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// Eight producers against a sink slower than they are. Outcomes are exact whatever the timing: the counters add
/// up, protected events are all written, each producer's events are written in the order it logged them.
/// </summary>
[Collection(LoadCollection.Name)]
public class LoadTests
{
    private const int Producers = 8;
    private const int PerProducer = 250_000;
    private const int SpinPerEvent = 20;

    [Fact]
    public void DropMode_EightProducersIntoASlowSink_CountsAddUp_ProtectedAllWritten_InOrderPerProducer()
    {
        var sink = new SlowRecordingSink(Producers, SpinPerEvent, holdFirstEvent: true);
        var options = new FapilogPipelineOptions
        {
            QueueLimit = 1024,
            FullMode = QueueFullMode.Drop,
            ProtectedMaxWait = TimeSpan.FromMinutes(5), // generous: only a hang drops a protected event
            ShutdownTimeout = TimeSpan.FromMinutes(2),
        };
        var logger = Pipelines.Create(options, out var pipeline, sink);

        var producers = Task.Run(() => ProducerLog.Run(logger, Producers, seq => seq < PerProducer));

        // The writer is held at its first event: the queue fills, ordinary events are dropped, and protected ones
        // take the reserve and then wait. A protected producer parked for room proves both paths were taken.
        Assert.True(SpinWait.SpinUntil(() => pipeline.Sink.Room.Waiting > 0, TimeSpan.FromMinutes(2)), "no protected producer ever waited");
        sink.Gate.Set();
        Assert.Empty(producers.Result.Escaped);
        var result = pipeline.Close();

        var stats = result.Stats;
        Assert.False(result.TimedOut);
        Assert.Equal((long)Producers * PerProducer, stats.Received);
        Assert.Equal(0, stats.Queued);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(stats.Received, stats.Written + stats.Dropped);
        Assert.Equal(stats.Dropped, stats.DroppedFor(DropReason.QueueFull));
        Assert.True(stats.Dropped > 0, "the queue never overflowed: the test did not test dropping");
        Assert.Equal(0, stats.DroppedFor(FapilogLevel.Audit) + stats.DroppedFor(FapilogLevel.Security)
            + stats.DroppedFor(FapilogLevel.Error) + stats.DroppedFor(FapilogLevel.Fatal));
        Assert.Equal(stats.Written, sink.Count);
        for (int p = 0; p < Producers; p++)
        {
            AssertInOrderWithEveryProtected(p, sink.WrittenBy(p));
        }
    }

    [Fact]
    public void WaitMode_EightProducersIntoASlowSink_DropsNothing_WritesEverythingInOrderPerProducer()
    {
        var sink = new SlowRecordingSink(Producers, SpinPerEvent, holdFirstEvent: true);
        var options = new FapilogPipelineOptions
        {
            QueueLimit = 1024,
            FullMode = QueueFullMode.Wait,
            MaxWait = Timeout.InfiniteTimeSpan,
            ProtectedMaxWait = Timeout.InfiniteTimeSpan,
            ShutdownTimeout = TimeSpan.FromMinutes(2),
        };
        var logger = Pipelines.Create(options, out var pipeline, sink);

        var producers = Task.Run(() => ProducerLog.Run(logger, Producers, seq => seq < PerProducer));
        Assert.True(SpinWait.SpinUntil(() => pipeline.Sink.Room.Waiting > 0, TimeSpan.FromMinutes(2)), "no producer ever waited");
        sink.Gate.Set();
        Assert.Empty(producers.Result.Escaped);
        var result = pipeline.Close();

        var stats = result.Stats;
        Assert.False(result.TimedOut);
        Assert.Equal((long)Producers * PerProducer, stats.Received);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(stats.Received, stats.Written);
        Assert.Equal(stats.Written, sink.Count);
        for (int p = 0; p < Producers; p++)
        {
            Assert.Equal(Enumerable.Range(0, PerProducer), sink.WrittenBy(p));
        }
    }

    [Theory]
    [InlineData(QueueFullMode.Drop)]
    [InlineData(QueueFullMode.Wait)]
    public void Dispose_WhileEightProducersLog_ThrowsNothing_AndTheCountersAddUp(QueueFullMode fullMode)
    {
        const int beforeClose = 20_000;
        const int afterClose = 1_000;
        var sink = new SlowRecordingSink(Producers, SpinPerEvent, holdFirstEvent: false);
        var options = new FapilogPipelineOptions
        {
            QueueLimit = 1024,
            FullMode = fullMode,
            MaxWait = Timeout.InfiniteTimeSpan, // Wait mode: producers park until close wakes them
            ProtectedMaxWait = Timeout.InfiniteTimeSpan,
            ShutdownTimeout = TimeSpan.FromMinutes(2),
        };
        var logger = Pipelines.Create(options, out var pipeline, sink);
        using var halfway = new CountdownEvent(Producers);
        using var closed = new ManualResetEventSlim(false);
        using var closedSeenAt = new ThreadLocal<int>(() => -1);

        // Each producer logs until close has returned, then 1 000 more: some events race the close, and at
        // least 1 000 per producer certainly arrive after it. Wait mode: producers park until close wakes them.
        var producers = Task.Run(() => ProducerLog.Run(logger, Producers, seq =>
        {
            if (seq == beforeClose)
            {
                halfway.Signal();
            }

            if (seq < beforeClose || !closed.IsSet)
            {
                return true;
            }

            if (closedSeenAt.Value < 0)
            {
                closedSeenAt.Value = seq;
            }

            return seq < closedSeenAt.Value + afterClose;
        }));

        Assert.True(halfway.Wait(TimeSpan.FromMinutes(2)), "the producers never got halfway");
        var disposers = new[]
        {
            Task.Run(() => logger.Dispose()),
            Task.Run(() => pipeline.Close()),
            Task.Run(async () => await logger.DisposeAsync()),
        };
        Assert.True(Task.WaitAll(disposers, TimeSpan.FromMinutes(3)), "a dispose did not return");
        closed.Set();
        var (escaped, logged) = producers.Result;

        Assert.Empty(escaped);
        var stats = pipeline.GetStats();
        Assert.True(stats.IsClosed);
        Assert.Equal(logged, stats.Received);
        Assert.Equal(0, stats.Queued);
        Assert.Equal(stats.Received, stats.Written + stats.Failed + stats.Dropped);
        Assert.True(stats.DroppedFor(DropReason.Closed) >= (long)Producers * afterClose);
        Assert.Equal(0, stats.DroppedFor(DropReason.ShutdownTimeout));
        Assert.Equal(stats.Written, sink.Count);
        Assert.Equal(0, pipeline.Sink.Room.Waiting);
    }

    /// <summary>The producer's events are in increasing order, and none of its protected events is missing.</summary>
    private static void AssertInOrderWithEveryProtected(int producer, IReadOnlyList<int> written)
    {
        int previous = -1;
        foreach (int seq in written)
        {
            Assert.True(seq > previous, $"producer {producer}: #{seq} written after #{previous}");
            for (int skipped = previous + 1; skipped < seq; skipped++)
            {
                Assert.False(ProducerLog.IsProtected(skipped), $"producer {producer}: protected #{skipped} was not written");
            }

            previous = seq;
        }

        for (int skipped = previous + 1; skipped < PerProducer; skipped++)
        {
            Assert.False(ProducerLog.IsProtected(skipped), $"producer {producer}: protected #{skipped} was not written");
        }
    }

}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    /// <summary>Load tests saturate both cores: they run alone so they neither starve nor are starved by others.</summary>
    public const string Name = "Load";
}
