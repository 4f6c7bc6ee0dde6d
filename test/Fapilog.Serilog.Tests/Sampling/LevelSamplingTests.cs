using System;
using System.Collections.Generic;
using System.Linq;
using Serilog;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>Level sampling: counter based, exact, the first event of a level always kept; Audit and Security exempt.</summary>
public class LevelSamplingTests
{
    [Fact]
    public void EachLevel_KeepsExactlyCeilOfCountTimesRate_EvenlySpaced_FirstIncluded()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Debug] = 0.1, [FapilogLevel.Information] = 0.5, [FapilogLevel.Verbose] = 0.3 },
        });
        for (int i = 0; i < 20; i++)
        {
            p.Logger.Debug("Debug {N}", i);
            p.Logger.Information("Info {N}", i);
            p.Logger.Verbose("Verbose {N}", i);
        }

        for (int i = 0; i < 5; i++)
        {
            p.Logger.Warning("Warning {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { 0, 10 }, Kept(p, FapilogLevel.Debug));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), Kept(p, FapilogLevel.Information));
        Assert.Equal(new[] { 0, 3, 6, 10, 13, 16 }, Kept(p, FapilogLevel.Verbose)); // ceil(20 × 0.3) = 6
        Assert.Equal(Enumerable.Range(0, 5), Kept(p, FapilogLevel.Warning));
        Assert.Equal(18 + 10 + 14, stats.Filtered);
        Assert.Equal(stats.Filtered, stats.FilteredFor(FilterReason.Sampled));
        Assert.Equal(2 + 10 + 6 + 5, stats.Written);
    }

    [Fact]
    public void AuditAndSecurity_AreNeverSampled_EvenWhenEveryOtherLevelIsDroppedEntirely()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            LevelRates = Enum.GetValues<FapilogLevel>().Where(l => l < FapilogLevel.Audit).ToDictionary(l => l, _ => 0.0),
        });
        for (int i = 0; i < 10; i++)
        {
            p.Logger.Audit("Audit {N}", i);
            p.Logger.Security("Security {N}", i);
            p.Logger.Fatal("Fatal {N}", i);
            p.Logger.Error("Error {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(Enumerable.Range(0, 10), Kept(p, FapilogLevel.Audit));
        Assert.Equal(Enumerable.Range(0, 10), Kept(p, FapilogLevel.Security));
        Assert.Empty(Kept(p, FapilogLevel.Fatal)); // rate 0 was given for Fatal: documented, no exemption
        Assert.Equal(20, stats.FilteredFor(FilterReason.Sampled));
    }

    [Fact]
    public void Audit_IsSampled_OnlyWhenExplicitlyLeftOutOfTheExemptLevels()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            ExemptLevels = new[] { FapilogLevel.Security },
            LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Audit] = 0.5 },
        });
        for (int i = 0; i < 4; i++)
        {
            p.Logger.Audit("Audit {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { 0, 2 }, Kept(p, FapilogLevel.Audit));
        Assert.Equal(2, stats.FilteredFor(FilterReason.Sampled));
    }

    [Fact]
    public void TheSampler_AllocatesNothingPerEvent()
    {
        var sampler = new LevelSampler(new FapilogSamplingOptions { LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Debug] = 0.1 } });
        var e = FapilogEvent.Standalone(new global::Serilog.Events.LogEvent(DateTimeOffset.UnixEpoch, global::Serilog.Events.LogEventLevel.Debug, null,
            new global::Serilog.Parsing.MessageTemplateParser().Parse("x"), Array.Empty<global::Serilog.Events.LogEventProperty>()));
        int kept = 0;
        sampler.Process(ref e); // warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            kept += sampler.Process(ref e) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000, kept);
    }

    private static IEnumerable<int> Kept(SampledPipeline p, FapilogLevel level) =>
        p.Sink.Events.Where(e => e.Level == level).Select(SampledPipeline.Number).ToList();
}
