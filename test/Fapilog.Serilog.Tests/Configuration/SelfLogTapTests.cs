using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Fapilog.Serilog.Tests.Support;
using Serilog.Debugging;

namespace Fapilog.Serilog.Tests.Configuration;

[Collection(SelfLogCollection.Name)]
public class SelfLogTapTests
{
    [Fact]
    public void SerilogStillHasTheOutputFieldTheTapNeeds() => Assert.True(SelfLogTap.IsAvailable);

    [Fact]
    public void Collect_ReturnsTheLinesOfThisThread_ForwardsAll_AndRestoresTheOutputBefore()
    {
        using var capture = new SelfLogCapture();

        var lines = SelfLogTap.Collect(() =>
        {
            SelfLog.WriteLine("mine");
            var other = new Thread(() => SelfLog.WriteLine("other thread"));
            other.Start();
            other.Join();
        });
        SelfLog.WriteLine("after");

        Assert.Equal(new[] { "mine" }, Suffixes(lines));
        // Other tests may write to SelfLog meanwhile (it is global): look for ours only.
        var forwarded = Suffixes(capture.Lines);
        Assert.Contains("mine", forwarded);
        Assert.Contains("other thread", forwarded);
        Assert.Contains("after", forwarded);
    }

    [Fact]
    public void Collect_WhenSelfLogWasOff_StillCollects_AndDisablingLaterSilencesIt()
    {
        SelfLog.Disable();

        var lines = SelfLogTap.Collect(() => SelfLog.WriteLine("mine"));

        Assert.Single(lines);
        using var capture = new SelfLogCapture();
        SelfLog.Disable();
        SelfLog.WriteLine("nobody hears this");
        Assert.Empty(capture.Lines);
    }

    [Fact]
    public void Collect_Nested_GivesEachItsOwnLines()
    {
        IReadOnlyList<string> inner = Array.Empty<string>();

        var outer = SelfLogTap.Collect(() =>
        {
            SelfLog.WriteLine("outer");
            inner = SelfLogTap.Collect(() => SelfLog.WriteLine("inner"));
        });

        Assert.Equal(new[] { "outer" }, Suffixes(outer));
        Assert.Equal(new[] { "inner" }, Suffixes(inner));
    }

    [Fact]
    public void Collect_WhenOtherCodeEnablesSelfLogMeanwhile_KeepsThatChoice()
    {
        var seen = new ConcurrentQueue<string>();

        SelfLogTap.Collect(() => SelfLog.Enable(seen.Enqueue));
        SelfLog.WriteLine("later");
        SelfLog.Disable();

        Assert.Contains("later", Suffixes(seen));
    }

    [Fact]
    public void Collect_AfterOtherCodeEnabledSelfLogDuringAnotherCollect_StillCollects_AndForwardsToThatOutput()
    {
        var chosen = new ConcurrentQueue<string>();
        IReadOnlyList<string> inner = Array.Empty<string>();

        SelfLogTap.Collect(() =>
        {
            SelfLog.Enable(chosen.Enqueue); // other code's choice, made while a collector runs
            inner = SelfLogTap.Collect(() => SelfLog.WriteLine("typo report"));
        });
        SelfLog.Disable();

        Assert.Equal(new[] { "typo report" }, Suffixes(inner));
        Assert.Contains("typo report", Suffixes(chosen));
    }

    // SelfLog prefixes each line with a UTC timestamp and a space.
    private static string[] Suffixes(IEnumerable<string> lines)
    {
        var result = new List<string>();
        foreach (string line in lines)
        {
            result.Add(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        }

        return result.ToArray();
    }
}
