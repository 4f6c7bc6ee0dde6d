using System;
using System.Linq;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>Duplicate errors: suppressed within a window, summed up by an added event, which is numbered, counted and emitted at the close.</summary>
public class DuplicateErrorTests
{
    private static FapilogSamplingOptions OneMinute() => new() { DuplicateErrors = new FapilogDuplicateErrorOptions { Window = TimeSpan.FromMinutes(1) } };

    [Fact]
    public void Duplicates_AreSuppressed_AndTheSummaryComesWhenTheWindowCloses_BeforeTheEventsAfterIt()
    {
        using var p = new SampledPipeline(OneMinute());
        for (int i = 0; i < 5; i++)
        {
            p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", i);
        }

        p.Logger.Error(new InvalidOperationException("bad"), "Payment {N} failed", 10); // another exception type: another key
        p.Logger.Warning("Payment {N} failed", 20); // below Error: untouched
        p.Flush(); // a flush hands out the summaries so far ...
        p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", 5);
        p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", 6);
        p.WaitProcessed();
        p.Clock.Advance(TimeSpan.FromMinutes(1)); // ... and the window goes on until here
        p.Logger.Information("After {N}", 30);
        p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", 7); // a new window

        var stats = p.Close();

        Assert.Equal(
            new[]
            {
                "ERROR Payment 0 failed",
                "ERROR Payment 10 failed",
                "WARNING Payment 20 failed",
                "ERROR 4 repeats of Payment {N} failed (System.TimeoutException) suppressed in the last 00:00:00",
                "ERROR 2 repeats of Payment {N} failed (System.TimeoutException) suppressed in the last 00:01:00",
                "INFO After 30",
                "ERROR Payment 7 failed",
            },
            p.Lines);
        Assert.Equal(6, stats.FilteredFor(FilterReason.DuplicateError));
        Assert.Equal(2, stats.Emitted);
        Assert.Equal(5 + 2, stats.Written);
        Assert.Equal(11 + 2, stats.Received);
    }

    [Fact]
    public void AClockSetBack_ClosesTheWindowsOpenedAfterIt_InsteadOfSuppressingUntilTheOldTimeComesBack()
    {
        using var p = new SampledPipeline(OneMinute());
        for (int i = 0; i < 4; i++)
        {
            p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", i);
        }

        p.WaitProcessed();
        p.Clock.Advance(TimeSpan.FromHours(-1)); // the clock is set back an hour: the window's end is an hour further off
        p.Logger.Error(new TimeoutException("slow"), "Payment {N} failed", 4);

        var stats = p.Close();

        Assert.Equal(
            new[]
            {
                "ERROR Payment 0 failed",
                "ERROR 3 repeats of Payment {N} failed (System.TimeoutException) suppressed in the last 00:00:00",
                "ERROR Payment 4 failed",
            },
            p.Lines);
        Assert.Equal(3, stats.FilteredFor(FilterReason.DuplicateError));
        Assert.Equal(1, stats.Emitted);
    }

    [Fact]
    public void AFatal_IsNeverSuppressedAsARepeatOfAnError_EachLevelHasItsOwnWindowAndSummary()
    {
        using var p = new SampledPipeline(OneMinute());
        var error = new TimeoutException("slow");
        p.Logger.Error(error, "Payment {N} failed", 0);
        p.Logger.Fatal(error, "Payment {N} failed", 1); // same template and exception, more severe: not a duplicate
        p.Logger.Error(error, "Payment {N} failed", 2);
        p.Logger.Fatal(error, "Payment {N} failed", 3);
        p.Logger.Fatal(error, "Payment {N} failed", 4);

        var stats = p.Close();

        Assert.Equal(
            new[]
            {
                "ERROR Payment 0 failed",
                "CRITICAL Payment 1 failed",
                "ERROR 1 repeats of Payment {N} failed (System.TimeoutException) suppressed in the last 00:00:00",
                "CRITICAL 2 repeats of Payment {N} failed (System.TimeoutException) suppressed in the last 00:00:00",
            },
            p.Lines);
        Assert.Equal(3, stats.FilteredFor(FilterReason.DuplicateError));
        Assert.Equal(2, stats.Emitted);
    }

    [Fact]
    public void TheSummary_CarriesTheCountTemplateExceptionTypeAndSpan_AsProperties()
    {
        using var p = new SampledPipeline(OneMinute());
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Fatal(new TimeoutException(), "Disk {N} gone", i);
        }

        p.WaitProcessed();
        p.Clock.Advance(TimeSpan.FromSeconds(90));
        p.Logger.Information("Tick {N}", 0);
        p.Close();

        var summary = p.Sink.Events[1];
        Assert.Equal(FapilogLevel.Fatal, summary.Level);
        Assert.Null(summary.LogEvent.Exception);
        Assert.Equal(p.Clock.GetUtcNow(), summary.LogEvent.Timestamp);
        Assert.Equal(2L, ((ScalarValue)summary.LogEvent.Properties["SuppressedCount"]).Value);
        Assert.Equal("Disk {N} gone", ((ScalarValue)summary.LogEvent.Properties["SuppressedTemplate"]).Value);
        Assert.Equal("System.TimeoutException", ((ScalarValue)summary.LogEvent.Properties["ExceptionType"]).Value);
        Assert.Equal(TimeSpan.FromMinutes(1), ((ScalarValue)summary.LogEvent.Properties["SuppressedFor"]).Value);
        Assert.Equal(4, summary.Sequence); // after the three errors, the two suppressed ones included
        Assert.Equal(5, p.Sink.Events[2].Sequence);
    }

    [Fact]
    public void PendingSummaries_AreWrittenAtTheClose_WithTheTimeSinceTheWindowOpened()
    {
        using var p = new SampledPipeline(OneMinute());
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Error("Queue {N} stuck", i);
            p.Logger.Error(new ArgumentException(), "Bad input {N}", i);
        }

        p.Flush();
        p.Clock.Advance(TimeSpan.FromSeconds(10));
        p.Logger.Error("Queue {N} stuck", 3);
        var stats = p.Close();

        Assert.Equal(
            new[]
            {
                "ERROR Queue 0 stuck",
                "ERROR Bad input 0",
                "ERROR 2 repeats of Queue {N} stuck (no exception) suppressed in the last 00:00:00",
                "ERROR 2 repeats of Bad input {N} (System.ArgumentException) suppressed in the last 00:00:00",
                "ERROR 1 repeats of Queue {N} stuck (no exception) suppressed in the last 00:00:10",
            },
            p.Lines);
        Assert.Equal(3, stats.Emitted);
        Assert.Equal(5, stats.FilteredFor(FilterReason.DuplicateError));
    }

    [Fact]
    public void AtTheClose_EverySummaryIsWritten_EvenMoreThanFitInOneAddedBatch()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { DuplicateErrors = new FapilogDuplicateErrorOptions { MaxKeys = 500 } });
        for (int k = 0; k < 200; k++)
        {
            p.Logger.Error("Error " + k + " {N}", 0);
            p.Logger.Error("Error " + k + " {N}", 1);
        }

        var stats = p.Close();

        Assert.Equal(200, stats.Emitted);
        Assert.Equal(400, p.Sink.Events.Count);
        Assert.Equal(200, p.Lines.Count(l => l.StartsWith("ERROR 1 repeats of Error ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AWindowThatClosesWhileThePipelineIsIdle_WakesTheWriter_ForItsSummary()
    {
        // The system clock: an idle writer parks until the window closes (a bounded wait on the outcome, no sleep).
        var sink = new Support.CollectingSink();
        var options = new FapilogPipelineOptions
        {
            Sampling = new FapilogSamplingOptions { DuplicateErrors = new FapilogDuplicateErrorOptions { Window = TimeSpan.FromMilliseconds(200) } },
        };
        using var logger = Support.Pipelines.Create(options, out var pipeline, sink);
        for (int i = 0; i < 3; i++)
        {
            logger.Error("Idle {N}", i);
        }

        bool summarised = System.Threading.SpinWait.SpinUntil(() => sink.Events.Count == 2, TimeSpan.FromSeconds(30));

        Assert.True(summarised, "no summary without a flush or a close");
        Assert.Equal(2L, ((ScalarValue)sink.Events[1].Properties["SuppressedCount"]).Value);
        Assert.Equal(1, pipeline.GetStats().Emitted);
    }

    [Fact]
    public void AuditAndSecurity_AreNeverSuppressed_EvenWithTheMinimumLevelAtAudit()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions { DuplicateErrors = new FapilogDuplicateErrorOptions { MinimumLevel = FapilogLevel.Audit } });
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Audit("Login {N}", i);
            p.Logger.Security("Denied {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(6, p.Sink.Events.Count);
        Assert.Equal(0, stats.Filtered);
        Assert.Equal(0, stats.Emitted);
    }

    [Fact]
    public void ASummary_RunsThroughTheStagesAfterSampling_AndIsCountedWhateverTheyDo()
    {
        var later = new DropSummaries();
        using var p = new SampledPipeline(OneMinute(), later);
        for (int i = 0; i < 3; i++)
        {
            p.Logger.Error("Boom {N}", i);
        }

        var stats = p.Close();

        Assert.Equal(new[] { "ERROR Boom 0" }, p.Lines);
        Assert.Equal(2, later.Seen); // the kept error and the summary; never the suppressed ones
        Assert.Equal(1, stats.Emitted);
        Assert.Equal(2, stats.FilteredFor(FilterReason.DuplicateError));
        Assert.Equal(1, stats.FilteredFor(FilterReason.Other));
    }

    [Fact]
    public void BeyondMaxKeys_NewErrorsPass_UntilAWindowCloses()
    {
        var stage = new DuplicateErrorSuppressor(new FapilogDuplicateErrorOptions { Window = TimeSpan.FromSeconds(10), MaxKeys = 1 }, new ExemptLevels(FapilogSamplingOptions.DefaultExemptLevels));
        var start = DateTimeOffset.UnixEpoch;
        stage.BeginBatch(start);
        Assert.True(RateLimitTests.Pass(stage, "a", LogEventLevel.Error));
        Assert.True(RateLimitTests.Pass(stage, "b", LogEventLevel.Error));
        Assert.True(RateLimitTests.Pass(stage, "b", LogEventLevel.Error)); // untracked
        Assert.False(RateLimitTests.Pass(stage, "a", LogEventLevel.Error));

        var added = new System.Collections.Generic.List<LogEvent>();
        stage.EmitDue(start.AddSeconds(10), EmitScope.Due, added, room: 10);
        Assert.Single(added);
        Assert.Equal(0, stage.KeyCount);
        Assert.True(RateLimitTests.Pass(stage, "b", LogEventLevel.Error));
        Assert.Equal(1, stage.KeyCount);
    }

    private sealed class DropSummaries : IEventStage
    {
        public int Seen { get; private set; }

        public bool Process(ref FapilogEvent e)
        {
            Seen++;
            return !e.LogEvent.Properties.ContainsKey("SuppressedCount");
        }
    }
}
