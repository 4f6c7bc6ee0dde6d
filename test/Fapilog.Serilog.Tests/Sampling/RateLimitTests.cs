using System;
using System.Linq;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>Rate limiting: a token bucket per key, at the pipeline's clock, with a bounded number of keys.</summary>
public class RateLimitTests
{
    [Fact]
    public void EachTemplate_BurstsUpToTheLimit_ThenEarnsTokensBackAtTheRate()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { RateLimit = new FapilogRateLimitOptions { Limit = 4, Period = TimeSpan.FromSeconds(1) } });
        for (int i = 0; i < 6; i++)
        {
            p.Logger.Information("A {N}", i);
        }

        p.Logger.Information("B {N}", 100);
        p.Logger.Information("B {N}", 101);
        p.Flush();
        p.Clock.Advance(TimeSpan.FromMilliseconds(250)); // one token back for A
        for (int i = 6; i < 9; i++)
        {
            p.Logger.Information("A {N}", i);
        }

        p.Flush();
        p.Clock.Advance(TimeSpan.FromSeconds(10)); // full again, not more than full
        for (int i = 9; i < 15; i++)
        {
            p.Logger.Information("A {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { 0, 1, 2, 3, 100, 101, 6, 9, 10, 11, 12 }, p.Sink.Events.Select(SampledPipeline.Number));
        Assert.Equal(2 + 2 + 2, stats.FilteredFor(FilterReason.RateLimited));
        Assert.Equal(6, stats.Filtered);
    }

    [Fact]
    public void AKeyByProperty_LimitsEachValueOnItsOwn_AndEventsWithoutItPassUntouched()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            RateLimit = new FapilogRateLimitOptions { Key = FapilogSamplingKey.Property, Property = "UserId", Limit = 1, Period = TimeSpan.FromMinutes(1) },
        });
        p.Logger.Information("Login {UserId} {N}", "ann", 0);
        p.Logger.Information("Logout {UserId} {N}", "ann", 1); // same user, another template: same key
        p.Logger.Information("Login {UserId} {N}", "bob", 2);
        p.Logger.Information("No user {N}", 3);
        p.Logger.Information("Still no user {N}", 4);

        var stats = p.Close();

        Assert.Equal(new[] { 0, 2, 3, 4 }, p.Sink.Events.Select(SampledPipeline.Number));
        Assert.Equal(1, stats.FilteredFor(FilterReason.RateLimited));
    }

    [Fact]
    public void ErrorsAuditAndSecurity_AreNotRateLimitedByDefault()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { RateLimit = new FapilogRateLimitOptions { Limit = 1 } });
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Warning("W {N}", i);
            p.Logger.Error("E {N}", i);
            p.Logger.Audit("A {N}", i);
            p.Logger.Security("S {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { 0 }, p.Sink.Events.Where(e => e.Level == FapilogLevel.Warning).Select(SampledPipeline.Number));
        Assert.Equal(9, p.Sink.Events.Count(e => e.Level >= FapilogLevel.Error));
        Assert.Equal(2, stats.Filtered);
    }

    [Fact]
    public void AuditIsNeverRateLimited_EvenWithTheMaximumLevelRaised_UnlessItIsNoLongerExempt()
    {
        var exempt = RunAudits(new FapilogSamplingOptions { RateLimit = new FapilogRateLimitOptions { Limit = 1, MaximumLevel = FapilogLevel.Security } });
        var notExempt = RunAudits(new FapilogSamplingOptions
        {
            ExemptLevels = Array.Empty<FapilogLevel>(),
            RateLimit = new FapilogRateLimitOptions { Limit = 1, MaximumLevel = FapilogLevel.Security },
        });

        Assert.Equal(3, exempt);
        Assert.Equal(1, notExempt);
    }

    [Fact]
    public void BeyondMaxKeys_FullBucketsAreForgotten_AndNewKeysShareOneOverflowBucket()
    {
        var limiter = new RateLimiter(new FapilogRateLimitOptions { Limit = 1, Period = TimeSpan.FromSeconds(1), MaxKeys = 2 }, new ExemptLevels(FapilogSamplingOptions.DefaultExemptLevels));
        var start = DateTimeOffset.UnixEpoch;
        limiter.BeginBatch(start);

        Assert.True(Pass(limiter, "a"));
        Assert.True(Pass(limiter, "b"));
        Assert.True(Pass(limiter, "c")); // table full, nothing full to forget: the overflow bucket
        Assert.False(Pass(limiter, "d")); // the same overflow bucket, now empty
        Assert.False(Pass(limiter, "a"));
        Assert.Equal(2, limiter.KeyCount);

        limiter.BeginBatch(start.AddSeconds(1)); // a and b are full again: forgotten when room is needed
        Assert.True(Pass(limiter, "e"));
        Assert.True(Pass(limiter, "f"));
        Assert.False(Pass(limiter, "e"));
        Assert.Equal(2, limiter.KeyCount);
    }

    private static int RunAudits(FapilogSamplingOptions sampling)
    {
        using var p = new SampledPipeline(sampling);
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Audit("A {N}", i);
        }

        p.Close();
        return p.Sink.Events.Count;
    }

    internal static bool Pass(IEventStage stage, string template, LogEventLevel level = LogEventLevel.Information, Exception? exception = null)
    {
        var e = FapilogEvent.Standalone(new LogEvent(DateTimeOffset.UnixEpoch, level, exception,
            new global::Serilog.Parsing.MessageTemplateParser().Parse(template), Array.Empty<LogEventProperty>()));
        return stage.Process(ref e);
    }
}
