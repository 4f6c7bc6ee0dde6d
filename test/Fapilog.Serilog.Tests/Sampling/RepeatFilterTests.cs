using System;
using System.Linq;
using Serilog;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>First occurrence: repeats of a key inside its window are dropped, or sampled.</summary>
public class RepeatFilterTests
{
    [Fact]
    public void RepeatsInsideTheWindow_AreDropped_AndTheFirstAfterItOpensANewOne()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { Repeats = new FapilogRepeatOptions { Window = TimeSpan.FromMinutes(1) } });
        for (int i = 0; i < 4; i++)
        {
            p.Logger.Information("Cache miss {N}", i);
        }

        p.Logger.Information("Other {N}", 10);
        p.Flush();
        p.Clock.Advance(TimeSpan.FromSeconds(59));
        p.Logger.Information("Cache miss {N}", 4); // still inside
        p.Flush();
        p.Clock.Advance(TimeSpan.FromSeconds(1));
        p.Logger.Information("Cache miss {N}", 5); // the window has passed
        p.Logger.Information("Cache miss {N}", 6);

        var stats = p.Close();

        Assert.Equal(new[] { 0, 10, 5 }, p.Sink.Events.Select(SampledPipeline.Number));
        Assert.Equal(5, stats.FilteredFor(FilterReason.Repeat));
    }

    [Fact]
    public void KeepEvery_KeepsEveryNthRepeat()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { Repeats = new FapilogRepeatOptions { KeepEvery = 2 } });
        for (int i = 0; i < 7; i++)
        {
            p.Logger.Information("Tick {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { 0, 2, 4, 6 }, p.Sink.Events.Select(SampledPipeline.Number));
        Assert.Equal(3, stats.FilteredFor(FilterReason.Repeat));
    }

    [Fact]
    public void AKeyOfTemplateAndProperty_TellsValuesApart()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            Repeats = new FapilogRepeatOptions { Key = FapilogSamplingKey.TemplateAndProperty, Property = "Host" },
        });
        p.Logger.Information("Down {Host} {N}", "a", 0);
        p.Logger.Information("Down {Host} {N}", "b", 1);
        p.Logger.Information("Down {Host} {N}", "a", 2);
        p.Logger.Information("Up {Host} {N}", "a", 3);

        p.Close();

        Assert.Equal(new[] { 0, 1, 3 }, p.Sink.Events.Select(SampledPipeline.Number));
    }

    [Fact]
    public void AuditSecurityAndErrors_PassByDefault()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { Repeats = new FapilogRepeatOptions() });
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Audit("A {N}", i);
            p.Logger.Security("S {N}", i);
            p.Logger.Error("E {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(9, p.Sink.Events.Count);
        Assert.Equal(0, stats.Filtered);
    }

    [Fact]
    public void BeyondMaxKeys_PassedWindowsAreForgotten_AndNewKeysPassUnremembered()
    {
        var filter = new RepeatFilter(new FapilogRepeatOptions { Window = TimeSpan.FromSeconds(10), MaxKeys = 2 }, new ExemptLevels(FapilogSamplingOptions.DefaultExemptLevels));
        var start = DateTimeOffset.UnixEpoch;
        filter.BeginBatch(start);

        Assert.True(RateLimitTests.Pass(filter, "a"));
        Assert.True(RateLimitTests.Pass(filter, "b"));
        Assert.True(RateLimitTests.Pass(filter, "c")); // full: passes, not remembered
        Assert.True(RateLimitTests.Pass(filter, "c"));
        Assert.False(RateLimitTests.Pass(filter, "a"));
        Assert.Equal(2, filter.KeyCount);

        filter.BeginBatch(start.AddSeconds(10));
        Assert.True(RateLimitTests.Pass(filter, "c")); // a and b have passed: forgotten, c remembered
        Assert.False(RateLimitTests.Pass(filter, "c"));
        Assert.Equal(1, filter.KeyCount);
    }
}
