using System;
using System.Threading;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Pipeline;

public class WriterPaceTests
{
    [Fact]
    public void Pace_NapsUntilProducersAreFast()
    {
        var pace = default(WriterPace);
        Assert.False(pace.NextWaitIsShort(canSleepShort: true)); // nothing taken yet

        pace.Took(WriterPace.EnterThreshold - 1);
        Assert.False(pace.NextWaitIsShort(canSleepShort: true));

        pace.Took(WriterPace.EnterThreshold / 2);
        pace.Took(WriterPace.EnterThreshold / 2); // two batches between the same two waits add up
        Assert.True(pace.NextWaitIsShort(canSleepShort: true));
        Assert.True(pace.SleepingShort);
    }

    [Fact]
    public void Pace_KeepsShortSleepsWhileEachOneIsFollowedByEnoughEvents_ThenNapsAgain()
    {
        var pace = default(WriterPace);
        pace.Took(WriterPace.EnterThreshold);
        Assert.True(pace.NextWaitIsShort(canSleepShort: true));

        // Once sleeping short, the lower threshold applies (hysteresis).
        pace.Took(WriterPace.StayThreshold);
        Assert.True(pace.NextWaitIsShort(canSleepShort: true));

        pace.Took(WriterPace.StayThreshold - 1);
        Assert.False(pace.NextWaitIsShort(canSleepShort: true));

        // Back on naps, the higher threshold applies again.
        pace.Took(WriterPace.StayThreshold);
        Assert.False(pace.NextWaitIsShort(canSleepShort: true));
    }

    [Fact]
    public void Pace_NeverSleepsShort_WhereShortSleepsAreUnavailable()
    {
        var pace = default(WriterPace);
        pace.Took(1_000_000);
        Assert.False(pace.NextWaitIsShort(canSleepShort: false));
        Assert.False(pace.SleepingShort);
    }

    [Fact]
    public void Pace_AfterAFailedShortSleep_StartsOverFromNaps()
    {
        var pace = default(WriterPace);
        pace.Took(WriterPace.EnterThreshold);
        Assert.True(pace.NextWaitIsShort(canSleepShort: true));

        pace.ShortSleepFailed();
        pace.Took(WriterPace.StayThreshold); // enough to stay, not enough to enter
        Assert.False(pace.NextWaitIsShort(canSleepShort: true));
    }

    [Fact]
    public void ShortSleep_IsAvailableOnLinuxOnly_AndSleeps()
    {
        Assert.Equal(OperatingSystem.IsLinux(), ShortSleep.IsSupported);
        Assert.Equal(OperatingSystem.IsLinux(), ShortSleep.TrySleep(1));
    }

    [Fact]
    public void Writer_AfterABacklogOfEvents_SleepsShort_AndStillWritesEverything()
    {
        // Hold the writer in the sink while a backlog builds, so that it takes more than EnterThreshold events
        // between two waits whatever the scheduling: the wait after the backlog must then be a short sleep.
        var gated = new GatedSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { QueueLimit = 4096 }, out var pipeline, gated);
        logger.Information("Event {N}", 0);
        gated.WaitUntilWriterIsHeld();
        for (int i = 1; i <= WriterPace.EnterThreshold + 100; i++)
        {
            logger.Information("Event {N}", i);
        }

        gated.Open();
        var sink = pipeline.Sink;
        if (ShortSleep.IsSupported)
        {
            // The decision follows the flush of the backlog; wait for its outcome, not for a time.
            Assert.True(SpinWait.SpinUntil(() => sink.Writer.ShortSleeps > 0, TimeSpan.FromSeconds(30)), "the writer never slept short");
        }

        logger.Dispose();
        var stats = pipeline.GetStats();
        Assert.Equal(WriterPace.EnterThreshold + 101, stats.Written);
        Assert.Equal(WriterPace.EnterThreshold + 101, gated.Events.Count);
        Pipelines.AssertDrained(stats);
    }
}
