using System;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
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

    [Fact]
    public void ACloseThatGivesUpOnAStuckStage_CountsAndHandsOverTheWholeBatch_AndTheReleasedWriterWritesNothing()
    {
        var stage = new BlockOn(0);
        var sink = new CollectingSink();
        var listener = new Listener();
        var options = new FapilogPipelineOptions
        {
            Name = "stuck-stage-" + Guid.NewGuid().ToString("N")[..8],
            FlushOnProcessExit = false,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
            Stages = new IEventStage[] { stage },
        };
        FapilogPipeline? pipeline = null;
        var logger = new global::Serilog.LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(sink), options, out pipeline), listener)
            .CreateLogger();
        logger.Warning("Event {N}", 0);
        Assert.True(stage.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the stage");
        for (int i = 1; i <= 3; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose(); // the writer is stuck in the stage: the close gives up
        var stats = pipeline!.GetStats();
        stage.Release();
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)), "the writer did not exit once released");

        Assert.Equal(1, stats.DroppedFor(DropReason.ShutdownTimeout, FapilogLevel.Warning)); // the event in the stage, at its level
        Assert.Equal(3, stats.DroppedFor(DropReason.ShutdownTimeout, FapilogLevel.Information));
        Assert.Equal(new[] { 0, 1, 2, 3 }, listener.Final.Select(Number).OrderBy(n => n));
        Assert.Empty(sink.Events); // nothing is written after the close said it was not
        Pipelines.AssertDrained(pipeline.GetStats());
    }

    [Fact]
    public void AStageThatReplacesTheEventWithNothing_FailsIt_InEveryBuild()
    {
        var stages = new EventStages(new IEventStage[] { new Blank() });
        var batch = new[] { SomeEvent() };

        Assert.True(stages.Run(batch, 1, out int filtered, out int failed));

        Assert.Equal((0, 1), (filtered, failed));
        Assert.Equal(0, stages.Compact(batch, 1));
        Assert.IsType<InvalidOperationException>(stages.TakeFailed()!.Value.Error);
    }

#if DEBUG
    [Fact]
    public void AStageThatMutatesTheSharedEvent_FailsIt_InDebugBuilds()
    {
        var stages = new EventStages(new IEventStage[] { new Mutate() });
        var batch = new[] { SomeEvent() };

        Assert.True(stages.Run(batch, 1, out _, out int failed));

        Assert.Equal(1, failed);
        var broken = Assert.IsType<InvariantViolationException>(stages.TakeFailed()!.Value.Error);
        Assert.Contains("left the shared LogEvent unchanged", broken.Message, StringComparison.Ordinal);
    }
#endif

    private static FapilogEvent SomeEvent() => FapilogEvent.Standalone(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null,
        new global::Serilog.Parsing.MessageTemplateParser().Parse("x"), Array.Empty<LogEventProperty>()));

    private sealed class BlockOn(int n) : IEventStage
    {
        private readonly System.Threading.ManualResetEventSlim _gate = new();

        public System.Threading.ManualResetEventSlim Entered { get; } = new();

        public void Release() => _gate.Set();

        public bool Process(ref FapilogEvent e)
        {
            if (Number(e.LogEvent) == n)
            {
                Entered.Set();
                _gate.Wait();
            }

            return true;
        }
    }

    private sealed class Blank : IEventStage
    {
        public bool Process(ref FapilogEvent e)
        {
            e = default;
            return true;
        }
    }

    private sealed class Listener : global::Serilog.Core.ILoggingFailureListener
    {
        private readonly System.Collections.Generic.List<LogEvent> _final = new();

        public LogEvent[] Final
        {
            get
            {
                lock (_final)
                {
                    return _final.ToArray();
                }
            }
        }

        public void OnLoggingFailed(object sender, global::Serilog.Core.LoggingFailureKind kind, string message, System.Collections.Generic.IReadOnlyCollection<LogEvent>? events, Exception? exception)
        {
            if (kind == global::Serilog.Core.LoggingFailureKind.Final && events is not null)
            {
                lock (_final)
                {
                    _final.AddRange(events);
                }
            }
        }
    }

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
