using System;
using System.Linq;
using Fapilog.Serilog.Outputs;

namespace Fapilog.Serilog.Tests.Outputs;

public class RetentionPolicyTests
{
    private static readonly RollingPolicy Rolling = new("app", ".jsonl", FapilogRollingInterval.Day);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static LogFileName Parse(string name)
    {
        Assert.True(Rolling.TryParse(name, out var parsed));
        return parsed;
    }

    private static string[] Select(RetentionPolicy policy, string active, params string[] names)
        => policy.SelectForDeletion(names.Select(Parse), Parse(active), Now, f => Rolling.PeriodEnd(f.PeriodStart)).ToArray();

    [Fact]
    public void CountLimit_KeepsTheNewestFiles_TheActiveOneIncluded()
    {
        var doomed = Select(new RetentionPolicy(2, null), "app-20261122.jsonl",
            "app-20261119.jsonl", "app-20261120.jsonl", "app-20261121.jsonl", "app-20261122.jsonl");

        Assert.Equal(new[] { "app-20261119.jsonl", "app-20261120.jsonl" }, doomed);
    }

    [Fact]
    public void CountLimit_CountsAPlainFileAndItsGzipAsOneFile()
    {
        var doomed = Select(new RetentionPolicy(2, null), "app-20261122.jsonl",
            "app-20261120.jsonl.gz", "app-20261121.jsonl", "app-20261121.jsonl.gz", "app-20261122.jsonl");

        Assert.Equal(new[] { "app-20261120.jsonl.gz" }, doomed);
    }

    [Fact]
    public void CountLimit_OrdersSizeRollsWithinAPeriod()
    {
        var doomed = Select(new RetentionPolicy(2, null), "app-20261122_002.jsonl",
            "app-20261122.jsonl", "app-20261122_001.jsonl", "app-20261122_002.jsonl");

        Assert.Equal(new[] { "app-20261122.jsonl" }, doomed);
    }

    [Fact]
    public void TimeLimit_DeletesFilesWhosePeriodEndedLongerAgo()
    {
        // Now is 22 Nov 12:00; a 2-day limit keeps periods that ended after 20 Nov 12:00.
        var doomed = Select(new RetentionPolicy(null, TimeSpan.FromDays(2)), "app-20261122.jsonl",
            "app-20261119.jsonl", "app-20261120.jsonl", "app-20261121.jsonl", "app-20261122.jsonl");

        Assert.Equal(new[] { "app-20261119.jsonl" }, doomed);
    }

    [Fact]
    public void Limits_NeverDeleteTheActiveFileOrNewer()
    {
        var doomed = Select(new RetentionPolicy(1, TimeSpan.FromMinutes(1)), "app-20261120.jsonl",
            "app-20261119.jsonl", "app-20261120.jsonl", "app-20261121.jsonl");

        Assert.Equal(new[] { "app-20261119.jsonl" }, doomed);
    }

    [Fact]
    public void NoLimits_DeleteNothing()
    {
        var doomed = Select(new RetentionPolicy(null, null), "app-20261122.jsonl", "app-20201122.jsonl", "app-20261122.jsonl");

        Assert.Empty(doomed);
    }
}
