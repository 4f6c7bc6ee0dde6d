using System;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>
/// Sinks that log through, flush or close their own pipeline run that code on the writer thread; none of it
/// may wait for the writer (itself), and a close from there must still drain.
/// </summary>
[Collection(SelfLogCollection.Name)]
public class ReentrancyTests
{
    [Fact]
    public void SinkThatLogsIntoAFullQueue_DoesNotWaitForItself()
    {
        var sink = new CallbackSink();
        var options = new FapilogPipelineOptions { QueueLimit = 4, ProtectedReserve = 1, ProtectedMaxWait = Timeout.InfiniteTimeSpan };
        var logger = Pipelines.Create(options, out var pipeline, sink);
        sink.OnFirst = () =>
        {
            for (int i = 0; i < 8; i++)
            {
                logger.Error("From the sink {N}", i); // would wait forever for room without the writer-thread rule
            }
        };

        logger.Information("first");
        sink.WaitUntilFirstDone();
        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(9, stats.Received);
        Assert.Equal(5, stats.Written);
        Assert.Equal(4, stats.DroppedFor(DropReason.ProtectedTimeout));
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void SinkThatClosesItsOwnPipeline_StillDrainsEverythingQueued()
    {
        var sink = new CallbackSink { Gate = new ManualResetEventSlim(false) };
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        sink.OnFirst = () => pipeline.Close();
        for (int i = 0; i < 100; i++)
        {
            logger.Information("Event {N}", i);
        }

        sink.Gate.Set();
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)));
        var result = pipeline.Close();

        Assert.False(result.TimedOut);
        Assert.Equal(100, sink.Count);
        Assert.Equal(100, result.Stats.Written);
        Pipelines.AssertDrained(result.Stats);
        Assert.True(pipeline.Flush(TimeSpan.FromSeconds(30)) is { TimedOut: false }, "a flush after close returns at once");
    }

    [Fact]
    public void SinkThatFlushesItsOwnPipeline_GetsATimedOutResultInsteadOfADeadlock()
    {
        DrainResult? seen = null;
        var sink = new CallbackSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        sink.OnFirst = () => seen = pipeline.Flush(Timeout.InfiniteTimeSpan);

        logger.Information("first");
        sink.WaitUntilFirstDone();
        logger.Dispose();

        Assert.NotNull(seen);
        Assert.True(seen!.TimedOut);
        Assert.Equal(1, pipeline.GetStats().Written);
    }

    [Fact]
    public void SelfLogThatThrows_NeverReachesTheCallerOrKillsTheWriter()
    {
        global::Serilog.Debugging.SelfLog.Enable(_ => throw new ObjectDisposedException("selflog output"));
        try
        {
            var throwing = new ThrowingSink(throwOnDispose: true);
            var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, throwing);
            logger.Information("fails in the sink");
            Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut);
            logger.Dispose();

            logger.Information("after close"); // reported to SelfLog, which throws: must stay inside
            logger.Audit("after close");

            var stats = pipeline.GetStats();
            Assert.Equal(1, stats.Failed);
            Assert.Equal(2, stats.DroppedFor(DropReason.Closed));
            Assert.True(pipeline.Sink.Writer.Exited.IsCompletedSuccessfully);
        }
        finally
        {
            global::Serilog.Debugging.SelfLog.Disable();
        }
    }

    [Fact]
    public void TimeoutsOutOfRange_AreClampedInsteadOfThrown()
    {
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, new CollectingSink());
        logger.Information("x");

        var flushed = pipeline.Flush(TimeSpan.FromDays(30));
        var closed = pipeline.Close(TimeSpan.FromMilliseconds(-5));

        Assert.False(flushed.TimedOut);
        Assert.Equal(1, closed.Stats.Written + closed.Stats.DroppedFor(DropReason.ShutdownTimeout));
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public async Task ProtectedEventWaitingWhenCloseBegins_LandsInsteadOfBeingDropped()
    {
        var gated = new GatedSink();
        var options = new FapilogPipelineOptions { QueueLimit = 10, ProtectedReserve = 2, ProtectedMaxWait = Timeout.InfiniteTimeSpan };
        var logger = Pipelines.Create(options, out var pipeline, gated);
        logger.Information("Event {N}", 0);
        gated.WaitUntilWriterIsHeld();
        for (int i = 1; i <= 10; i++)
        {
            logger.Error("Event {N}", i);
        }

        var auditor = Task.Factory.StartNew(() => logger.Audit("Event {N}", 11), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => pipeline.Sink.Room.Waiting == 1, TimeSpan.FromSeconds(30)));
        var closer = Task.Factory.StartNew(() => logger.Dispose(), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => pipeline.Sink.Shutdown.HasBegun, TimeSpan.FromSeconds(30)));

        gated.Open();
        await auditor.WaitAsync(TimeSpan.FromSeconds(30));
        await closer.WaitAsync(TimeSpan.FromSeconds(30));

        var stats = pipeline.GetStats();
        Assert.Equal(12, stats.Written);
        Assert.Equal(0, stats.Dropped);
        Pipelines.AssertDrained(stats);
    }

    private sealed class CallbackSink : ILogEventSink
    {
        private readonly ManualResetEventSlim _firstDone = new(false);
        private int _count;

        public Action? OnFirst { get; set; }

        public ManualResetEventSlim? Gate { get; init; }

        public int Count => Volatile.Read(ref _count);

        public void Emit(LogEvent logEvent)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                Gate?.Wait();
                OnFirst?.Invoke();
                _firstDone.Set();
            }
        }

        public void WaitUntilFirstDone() => Assert.True(_firstDone.Wait(TimeSpan.FromSeconds(30)), "the sink's callback never finished");
    }
}
