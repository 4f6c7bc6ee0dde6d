using System;
using Fapilog.Serilog.Outputs;

namespace Fapilog.Serilog.Tests.Outputs;

public class RollingPolicyTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 13, 5, 42, TimeSpan.Zero);

    [Theory]
    [InlineData(FapilogRollingInterval.Infinite, "app.jsonl")]
    [InlineData(FapilogRollingInterval.Year, "app-2026.jsonl")]
    [InlineData(FapilogRollingInterval.Month, "app-202611.jsonl")]
    [InlineData(FapilogRollingInterval.Day, "app-20261122.jsonl")]
    [InlineData(FapilogRollingInterval.Hour, "app-2026112213.jsonl")]
    [InlineData(FapilogRollingInterval.Minute, "app-202611221305.jsonl")]
    public void FileName_ForEachInterval_PutsThePeriodBeforeTheExtension(FapilogRollingInterval interval, string expected)
    {
        var policy = new RollingPolicy("app", ".jsonl", interval);

        Assert.Equal(expected, policy.FileName(policy.PeriodStart(Time), 0));
    }

    [Fact]
    public void FileName_AfterSizeRolls_AddsAThreeDigitSequence()
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Day);

        Assert.Equal("app-20261122_001.jsonl", policy.FileName(policy.PeriodStart(Time), 1));
        Assert.Equal("app-20261122_012.jsonl", policy.FileName(policy.PeriodStart(Time), 12));
    }

    [Fact]
    public void PeriodStart_UsesUtc_WhateverTheOffsetOfTheTime()
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Day);
        var lateEveningInNewYork = new DateTimeOffset(2026, 11, 21, 22, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), policy.PeriodStart(lateEveningInNewYork));
    }

    [Theory]
    [InlineData(FapilogRollingInterval.Year, "2027-01-01T00:00:00Z")]
    [InlineData(FapilogRollingInterval.Month, "2026-12-01T00:00:00Z")]
    [InlineData(FapilogRollingInterval.Day, "2026-11-23T00:00:00Z")]
    [InlineData(FapilogRollingInterval.Hour, "2026-11-22T14:00:00Z")]
    [InlineData(FapilogRollingInterval.Minute, "2026-11-22T13:06:00Z")]
    public void PeriodEnd_IsTheStartOfTheNextPeriod(FapilogRollingInterval interval, string expected)
    {
        var policy = new RollingPolicy("app", ".jsonl", interval);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), policy.PeriodEnd(policy.PeriodStart(Time)));
    }

    [Theory]
    [InlineData("app-20261122.jsonl", 0, false)]
    [InlineData("app-20261122_001.jsonl", 1, false)]
    [InlineData("app-20261122_1234.jsonl", 1234, false)]
    [InlineData("app-20261122_002.jsonl.gz", 2, true)]
    public void TryParse_RecognisesFilesOfTheSet(string name, int sequence, bool compressed)
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Day);

        Assert.True(policy.TryParse(name, out var parsed));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), parsed.PeriodStart);
        Assert.Equal(sequence, parsed.Sequence);
        Assert.Equal(compressed, parsed.IsCompressed);
    }

    [Theory]
    [InlineData("app-2026112.jsonl")]
    [InlineData("app-20261322.jsonl")]
    [InlineData("app-20261122.log")]
    [InlineData("other-20261122.jsonl")]
    [InlineData("app-20261122_01.jsonl")]
    [InlineData("app-20261122_abc.jsonl")]
    [InlineData("app-20261122.jsonl.gz.tmp")]
    [InlineData("app.jsonl")]
    public void TryParse_IgnoresFilesThatAreNotOfTheSet(string name)
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Day);

        Assert.False(policy.TryParse(name, out _));
    }

    [Fact]
    public void TryParse_WithInfiniteInterval_ReadsTheSequenceOnly()
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Infinite);

        Assert.True(policy.TryParse("app_003.jsonl", out var parsed));
        Assert.Equal(3, parsed.Sequence);
        Assert.True(policy.TryParse("app.jsonl", out var first));
        Assert.True(first.CompareTo(parsed) < 0);
    }

    [Fact]
    public void CompareTo_OrdersBySequenceNumerically_PastTheWidthOfTheName()
    {
        var policy = new RollingPolicy("app", ".jsonl", FapilogRollingInterval.Day);
        Assert.True(policy.TryParse("app-20261122_999.jsonl", out var earlier));
        Assert.True(policy.TryParse("app-20261122_1000.jsonl", out var later));

        Assert.True(earlier.CompareTo(later) < 0);
    }
}
