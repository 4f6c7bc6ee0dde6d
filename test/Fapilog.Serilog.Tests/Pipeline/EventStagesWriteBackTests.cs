using System;
using System.Linq;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary><see cref="EventStages.Run"/> stores an event back only when a stage changed it: what it changed must never be lost.</summary>
public class EventStagesWriteBackTests
{
    [Fact]
    public void AStageThatChangesOnlyTheLevelOrTheMessageId_IsStillWrittenBack()
    {
        var stages = new EventStages(new IEventStage[] { new Relevel() });
        var batch = new[] { SomeEvent(), SomeEvent() };
        var before = batch.ToArray();

        Assert.False(stages.Run(batch, 2, out _, out _));

        Assert.Equal(new[] { FapilogLevel.Security, FapilogLevel.Security }, batch.Select(e => e.Level));
        Assert.Equal(before[0].MessageId, batch[0].MessageId);
        Assert.NotEqual(before[1].MessageId, batch[1].MessageId);
        Assert.Same(before[1].LogEvent, batch[1].LogEvent);
    }

    [Fact]
    public void AStageThatChangesOnlyTheMessageId_IsStillWrittenBack()
    {
        var stages = new EventStages(new IEventStage[] { new NewId() });
        var batch = new[] { SomeEvent() };
        var before = batch[0];

        Assert.False(stages.Run(batch, 1, out _, out _));

        Assert.Equal(before.Level, batch[0].Level);
        Assert.Same(before.LogEvent, batch[0].LogEvent);
        Assert.NotEqual(before.MessageId, batch[0].MessageId);
    }

    [Fact]
    public void AStageThatLeavesTheEvent_LeavesTheBatchAsItWas()
    {
        var stages = new EventStages(new IEventStage[] { new Keep() });
        var batch = new[] { SomeEvent(), SomeEvent() };
        var before = batch.ToArray();

        Assert.False(stages.Run(batch, 2, out _, out _));

        Assert.Equal(before, batch);
        Assert.Equal(2, stages.Compact(batch, 2));
    }

    private static FapilogEvent SomeEvent() => FapilogEvent.Standalone(Some.Event(template: "x"));

    private sealed class Relevel : IEventStage
    {
        private int _seen;

        public bool Process(ref FapilogEvent e)
        {
            e = new FapilogEvent(e.LogEvent, e.Sequence, FapilogLevel.Security, _seen++ == 0 ? e.MessageId : Guid.NewGuid());
            return true;
        }
    }

    private sealed class NewId : IEventStage
    {
        public bool Process(ref FapilogEvent e)
        {
            e = new FapilogEvent(e.LogEvent, e.Sequence, e.Level, Guid.NewGuid());
            return true;
        }
    }

    private sealed class Keep : IEventStage
    {
        public bool Process(ref FapilogEvent e) => true;
    }
}
