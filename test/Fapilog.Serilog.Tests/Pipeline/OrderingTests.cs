using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

public class OrderingTests
{
    [Fact]
    public void Emit_AcrossLevels_WritesInOneFifoOrder()
    {
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        var levels = new[] { LogEventLevel.Information, LogEventLevel.Error, LogEventLevel.Debug, LogEventLevel.Fatal, LogEventLevel.Warning };

        for (int i = 0; i < 600; i++)
        {
            if (i % 7 == 0)
            {
                logger.Audit("Event {N}", i);
            }
            else
            {
                logger.Write(levels[i % levels.Length], "Event {N}", i);
            }
        }

        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 600), sink.Events.Select(Some.NumberOf));
        Pipelines.AssertDrained(pipeline.GetStats());
        Assert.Equal(0, pipeline.GetStats().Dropped);
    }

    [Fact]
    public void BatchSink_GetsBatchesInOrder_WithIncreasingSequenceAndMessageIds()
    {
        var sink = new RecordingBatchSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { BatchSizeLimit = 16 }, out _, sink);

        for (int i = 0; i < 1000; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 1000), sink.Events.Select(e => Some.NumberOf(e.LogEvent)));
        Assert.Equal(Enumerable.Range(1, 1000).Select(n => (long)n), sink.Events.Select(e => e.Sequence));
        Assert.All(sink.BatchSizes, size => Assert.InRange(size, 1, 16));
        Assert.Equal(1000, sink.Events.Select(e => e.MessageId).Distinct().Count());
        // After the last batch: at least one flush, then the disposal, and nothing else.
        var tail = sink.Calls.SkipWhile(c => c != "batch 1000").ToList();
        Assert.True(tail.Count >= 3, string.Join(", ", tail));
        Assert.Equal("dispose", tail[^1]);
        Assert.All(tail.Skip(1).SkipLast(1), call => Assert.Equal("flush", call));
    }

    [Fact]
    public void Emit_DoesNotMutateTheEvent_AndEverySinkSeesTheSameMessageId()
    {
        var plain = new MessageIdProbeSink();
        var batch = new RecordingBatchSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out _, batch, plain);
        var evt = Some.Event(properties: ("Name", "x"));
        int before = evt.Properties.Count;

        logger.Write(evt);
        logger.Dispose();

        Assert.Equal(before, evt.Properties.Count);
        Assert.Same(evt, batch.Events.Single().LogEvent);
        Assert.Equal(batch.Events.Single().MessageId, plain.Seen.Single());
    }

    [Fact]
    public void Writer_RunsOnANamedBackgroundThread_WithoutTheCallersAsyncLocals()
    {
        var local = new AsyncLocal<string?> { Value = "caller" };
        var probe = new ThreadProbeSink(local);
        var logger = Pipelines.Create(new FapilogPipelineOptions { Name = "probe-pipeline" }, out _, probe);

        logger.Information("x");
        logger.Dispose();

        Assert.Matches("^fapilog[0-9]+:probe-pipeline$", probe.ThreadName);
        Assert.True(probe.IsBackground);
        Assert.Null(probe.SeenAsyncLocal);
        Assert.NotEqual(Environment.CurrentManagedThreadId, probe.ThreadId);
    }

    private sealed class MessageIdProbeSink : ILogEventSink
    {
        public List<Guid> Seen { get; } = new();

        public void Emit(LogEvent logEvent) => Seen.Add(WriterContext.Resolve(logEvent).MessageId);
    }

    private sealed class ThreadProbeSink : ILogEventSink
    {
        private readonly AsyncLocal<string?> _local;

        public ThreadProbeSink(AsyncLocal<string?> local) => _local = local;

        public string? ThreadName { get; private set; }

        public bool IsBackground { get; private set; }

        public int ThreadId { get; private set; }

        public string? SeenAsyncLocal { get; private set; } = "not run";

        public void Emit(LogEvent logEvent)
        {
            ThreadName = Thread.CurrentThread.Name;
            IsBackground = Thread.CurrentThread.IsBackground;
            ThreadId = Environment.CurrentManagedThreadId;
            SeenAsyncLocal = _local.Value;
        }
    }
}
