using System;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>The writer-side processing stage: once per event, for every output, without touching the shared event.</summary>
[Collection(SelfLogCollection.Name)]
public class EventStagesTests
{
    [Fact]
    public void AFilteringStage_TakesEventsOutOfEveryOutput_AndTheyAreCountedAsFiltered()
    {
        var first = new CollectingSink();
        var second = new CollectingSink();
        var stage = new DropOddNumbers();
        var logger = Pipelines.Create(new FapilogPipelineOptions { Stages = new IEventStage[] { stage } }, out var pipeline, first, second);
        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        var result = pipeline.Close();

        Assert.Equal(10, stage.Seen); // once per event, not once per output
        Assert.Equal(5, result.Stats.Filtered);
        Assert.Equal(5, result.Stats.Written);
        Assert.Equal(new[] { 0, 2, 4, 6, 8 }, first.Events.Select(Number));
        Assert.Equal(new[] { 0, 2, 4, 6, 8 }, second.Events.Select(Number));
        Pipelines.AssertDrained(result.Stats);
        Assert.Contains("filtered 5", result.Stats.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AStageThatReplacesTheEvent_ReachesTheOutputs_AndTheCallersEventIsUntouched()
    {
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { Stages = new IEventStage[] { new MaskSecret() } }, out var pipeline, sink);
        var original = new CollectingSink();
        using var both = new global::Serilog.LoggerConfiguration()
            .WriteTo.Logger(logger)
            .WriteTo.Sink(original)
            .CreateLogger();

        both.Information("Login {User} with {Secret}", "ann", "hunter2");
        both.Dispose();
        logger.Dispose();

        var written = Assert.Single(sink.Events);
        Assert.Equal("\"***\"", written.Properties["Secret"].ToString());
        Assert.Equal("\"ann\"", written.Properties["User"].ToString());
        var shared = Assert.Single(original.Events);
        Assert.Equal("\"hunter2\"", shared.Properties["Secret"].ToString());
        Assert.Equal(1, pipeline.GetStats().Written);
    }

    [Fact]
    public void AStageThatThrows_FailsThatEventOnly_WhichReachesNoOutput()
    {
        using var selfLog = new SelfLogCapture();
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { Stages = new IEventStage[] { new ThrowOn(3) } }, out var pipeline, sink);
        for (int i = 0; i < 5; i++)
        {
            logger.Information("Event {N}", i);
        }

        var result = pipeline.Close();

        Assert.Equal(new[] { 0, 1, 2, 4 }, sink.Events.Select(Number));
        Assert.Equal(1, result.Stats.Failed);
        Assert.Equal(4, result.Stats.Written);
        Pipelines.AssertDrained(result.Stats);
        Assert.Contains(selfLog.Lines, l => l.Contains("stage ThrowOn failed 1 time (1 events): InvalidOperationException: stage failed on purpose", StringComparison.Ordinal));
    }

    [Fact]
    public void AStageThatFiltersAWholeBatch_LeavesTheSinksAlone()
    {
        var sink = new RecordingBatchSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { Stages = new IEventStage[] { new DropOddNumbers(dropAll: true) } }, out var pipeline, sink);
        logger.Information("Event {N}", 1);

        var result = pipeline.Close();

        Assert.Equal(1, result.Stats.Filtered);
        Assert.Equal(0, result.Stats.Batches);
        Assert.Empty(sink.BatchSizes);
        Pipelines.AssertDrained(result.Stats);
    }

#if DEBUG
    [Fact]
    public void AStageThatMutatesTheSharedEvent_IsCaughtInDebugBuilds()
    {
        var stages = new EventStages(new IEventStage[] { new Mutate() });
        var e = FapilogEvent.Standalone(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null,
            new global::Serilog.Parsing.MessageTemplateParser().Parse("x"), Array.Empty<LogEventProperty>()));
        var batch = new[] { e };

        var broken = Assert.Throws<InvariantViolationException>(() => stages.Process(batch, 1, out _, out _));
        Assert.Contains("left the shared LogEvent unchanged", broken.Message, StringComparison.Ordinal);
    }
#endif

    private static int Number(LogEvent e) => (int)((ScalarValue)e.Properties["N"]).Value!;

    private sealed class DropOddNumbers(bool dropAll = false) : IEventStage
    {
        public int Seen { get; private set; }

        public bool Process(ref FapilogEvent e)
        {
            Seen++;
            return !dropAll && Number(e.LogEvent) % 2 == 0;
        }
    }

    private sealed class ThrowOn(int n) : IEventStage
    {
        public bool Process(ref FapilogEvent e) =>
            Number(e.LogEvent) == n ? throw new InvalidOperationException("stage failed on purpose") : true;
    }

    private sealed class MaskSecret : IEventStage
    {
        public bool Process(ref FapilogEvent e)
        {
            var source = e.LogEvent;
            var properties = source.Properties
                .Select(p => p.Key == "Secret" ? new LogEventProperty(p.Key, new ScalarValue("***")) : new LogEventProperty(p.Key, p.Value));
            var copy = new LogEvent(source.Timestamp, source.Level, source.Exception, source.MessageTemplate, properties);
            e = new FapilogEvent(copy, e.Sequence, e.Level, e.MessageId);
            return true;
        }
    }

    private sealed class Mutate : IEventStage
    {
        public bool Process(ref FapilogEvent e)
        {
            e.LogEvent.AddOrUpdateProperty(new LogEventProperty("Added", new ScalarValue(1)));
            return true;
        }
    }
}
