using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Pipeline;

[Collection(SelfLogCollection.Name)]
public class LifecycleTests
{
    [Fact]
    public void Dispose_WithASinkThatHangsForever_ReturnsAndReportsWhatWasLeft()
    {
        using var selfLog = new SelfLogCapture();
        var hanging = new HangingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(200) }, out var pipeline, hanging);
        logger.Information("first");
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)));
        for (int i = 0; i < 4; i++)
        {
            logger.Information("queued {N}", i);
        }

        logger.Audit("queued {N}", 4);
        logger.Dispose(); // must return although the writer never will

        var stats = pipeline.GetStats();
        Assert.True(stats.IsClosed);
        Assert.Equal(6, stats.DroppedFor(DropReason.ShutdownTimeout));
        Assert.Equal(5, stats.DroppedFor(DropReason.ShutdownTimeout, FapilogLevel.Information));
        Assert.Equal(1, stats.DroppedFor(DropReason.ShutdownTimeout, FapilogLevel.Audit));
        Assert.Equal(0, stats.Queued);
        Pipelines.AssertDrained(stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("6 events not written (shutdown_timeout), 1 of them protected", StringComparison.Ordinal));
        Assert.False(hanging.Disposed);

        hanging.Release(); // let the abandoned writer end; it must not count anything any more
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(stats.Written, pipeline.GetStats().Written);
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public async Task Dispose_IsIdempotent_SyncAndAsync()
    {
        var sink = new GatedSink();
        sink.Open();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        logger.Information("one");

        logger.Dispose();
        logger.Dispose();
        await logger.DisposeAsync();
        var closeResult = pipeline.Close();

        Assert.Single(sink.Events);
        Assert.True(sink.Disposed);
        Assert.False(closeResult.TimedOut);
        Assert.Equal(1, closeResult.Stats.Written);
    }

    [Fact]
    public void Emit_AfterDispose_IsCountedAsDroppedClosed_AndNeverThrows()
    {
        using var selfLog = new SelfLogCapture();
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        logger.Information("before");
        logger.Dispose();

        logger.Information("after {N}", 1);
        logger.Audit("after {N}", 2);

        var stats = pipeline.GetStats();
        Assert.Single(sink.Events);
        Assert.Equal(2, stats.DroppedFor(DropReason.Closed));
        Assert.Equal(1, stats.DroppedFor(FapilogLevel.Audit));
        Pipelines.AssertDrained(stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("DROPPED a protected Audit event (closed)", StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowingSink_DoesNotStopAnotherSink_AndIsCountedAsFailed()
    {
        using var selfLog = new SelfLogCapture();
        var throwing = new ThrowingSink(e => Some.NumberOf(e) % 2 == 0, throwOnDispose: true);
        var healthy = new CollectingSink();
        var batch = new RecordingBatchSink { FailWhen = e => Some.NumberOf(e.LogEvent) == 3 };
        var logger = Pipelines.Create(new FapilogPipelineOptions { BatchSizeLimit = 1 }, out var pipeline, throwing, healthy, batch);

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(10, healthy.Events.Count);
        Assert.Equal(9, batch.Events.Count);
        Assert.True(batch.Disposed, "a sink that throws on dispose must not stop the next one's disposal");
        Assert.Equal(6, stats.Failed); // 0,2,4,6,8 in the plain sink; 3 in the batch sink
        Assert.Equal(4, stats.Written);
        Assert.Contains("InvalidOperationException", stats.LastError, StringComparison.Ordinal);
        Pipelines.AssertDrained(stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("sink ThrowingSink failed", StringComparison.Ordinal));
        Assert.Contains(selfLog.Lines, l => l.Contains("threw on dispose", StringComparison.Ordinal));
        Assert.True(selfLog.Lines.Count(l => l.Contains("sink ThrowingSink failed", StringComparison.Ordinal)) <= 2, "failures are summarised, not one line per event");
    }

    [Fact]
    public async Task Flush_WithoutClose_WritesEverythingEnqueuedBefore_AndKeepsThePipelineOpen()
    {
        var sink = new RecordingBatchSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        for (int i = 0; i < 100; i++)
        {
            logger.Information("Event {N}", i);
        }

        var result = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut);
        Assert.Equal(100, result.Stats.Written);
        Assert.Equal(0, result.Stats.Queued);
        // The sink was flushed after the batch that held the last event enqueued before the call.
        Assert.True(sink.Calls.LastIndexOf("flush") > sink.Calls.FindIndex(c => c == "batch 100"), string.Join(", ", sink.Calls));
        Assert.False(pipeline.GetStats().IsClosed);

        logger.Information("Event {N}", 100);
        var asyncResult = await pipeline.FlushAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(101, asyncResult.Stats.Written);
        Assert.True(FapilogPipelines.TryGet(pipeline.Name, out var found));
        Assert.Same(pipeline, found);

        logger.Dispose();
        Assert.False(FapilogPipelines.TryGet(pipeline.Name, out _));
    }

    [Fact]
    public void Flush_WhenTheSinkIsHeld_TimesOutWithoutThrowing()
    {
        var gated = new GatedSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, gated);
        logger.Information("held");
        gated.WaitUntilWriterIsHeld();

        var result = pipeline.Flush(TimeSpan.FromMilliseconds(1));

        Assert.True(result.TimedOut);
        Assert.Equal(1, result.Stats.Queued);
        gated.Open();
        logger.Dispose();
    }

    [Fact]
    public void CloseAndFlush_ThroughARestrictedWrapper_StillDrainsAndDisposes()
    {
        var sink = new RecordingBatchSink();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(wt => wt.Sink(sink), new FapilogPipelineOptions { Name = "restricted", FlushOnProcessExit = false }, out var pipeline, global::Serilog.Events.LogEventLevel.Warning)
            .CreateLogger();

        for (int i = 0; i < 50; i++)
        {
            logger.Information("Event {N}", 1000 + i);
            logger.Warning("Event {N}", i);
        }

        logger.Dispose(); // Serilog disposes its RestrictedSink, which must reach the pipeline

        Assert.Equal(Enumerable.Range(0, 50), sink.Events.Select(e => Some.NumberOf(e.LogEvent)));
        Assert.True(sink.Disposed);
        Assert.True(pipeline.GetStats().IsClosed);
        Pipelines.AssertDrained(pipeline.GetStats());
    }
}
