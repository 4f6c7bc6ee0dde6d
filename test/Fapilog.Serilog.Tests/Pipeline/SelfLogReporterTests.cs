using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Debugging;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>
/// The reporter on its own, with a clock that moves only when the test moves it: what is written at once, what
/// waits for the interval's summary, and the counts those summaries carry.
/// </summary>
[Collection(SelfLogCollection.Name)]
public class SelfLogReporterTests
{
    private const string Name = "reporter-tests";
    private const string Prefix = "Fapilog pipeline '" + Name + "': ";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new(Some.Timestamp);
    private readonly PipelineCounters _counters = new();

    [Fact]
    public void Error_WritesOneLineNamingThePipeline()
    {
        using var selfLog = new SelfLogCapture();

        Reporter().Error("something broke");

        Assert.Equal(Prefix + "something broke", Assert.Single(selfLog.MessagesOf(Name)));
    }

    [Fact]
    public void Error_WhenTheSelfLogOutputThrows_DoesNotThrow()
    {
        SelfLog.Enable(_ => throw new ObjectDisposedException("the application's writer"));
        try
        {
            Assert.Throws<ObjectDisposedException>(() => SelfLog.WriteLine("x")); // SelfLog itself lets it through

            var reporter = Reporter();
            reporter.Error("something broke");
            reporter.SinkFailed(new CollectingSink(), new IOException("disk full"), 1);
        }
        finally
        {
            SelfLog.Disable();
        }
    }

    [Fact]
    public void SinkFailed_TheFirstFailureOfASink_IsWrittenAtOnce_WithItsCount_AndIsTheLastError()
    {
        using var selfLog = new SelfLogCapture();

        Reporter().SinkFailed(new CollectingSink(), new IOException("disk full"), 3);

        Assert.Equal(
            Prefix + "sink CollectingSink failed 1 time (3 events): IOException: disk full; further failures are summarised at most every 10 s",
            Assert.Single(selfLog.MessagesOf(Name)));
        Assert.Equal("System.IO.IOException: disk full", _counters.LastError);
    }

    [Fact]
    public void SinkFailed_LaterFailuresOfTheSameSink_WaitForTheInterval_ThenOneSummaryAddsThemUp()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        var sink = new CollectingSink();
        reporter.SinkFailed(sink, new IOException("first"), 1);

        reporter.SinkFailed(sink, new IOException("second"), 2);
        reporter.SinkFailed(sink, new InvalidOperationException("third"), 5);
        _time.Advance(Interval - TimeSpan.FromTicks(1));
        reporter.ReportIfDue();
        Assert.Single(selfLog.MessagesOf(Name)); // only the first, so far

        _time.Advance(TimeSpan.FromTicks(1));
        reporter.ReportIfDue();
        Assert.Equal(Prefix + "sink CollectingSink failed 2 times (7 events) in the last 10 s; last: InvalidOperationException: third", selfLog.MessagesOf(Name)[1]);

        _time.Advance(Interval);
        reporter.ReportIfDue();
        Assert.Equal(2, selfLog.MessagesOf(Name).Count); // a summary is written once
        Assert.Equal("System.InvalidOperationException: third", _counters.LastError);
    }

    [Fact]
    public void SinkFailed_IsRateLimitedPerSink_AnotherSinksFirstFailureIsStillWrittenAtOnce()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();

        reporter.SinkFailed(new CollectingSink(), new IOException("a"), 1);
        reporter.SinkFailed(new CollectingSink(), new IOException("a again"), 1); // the same sink type: the same key
        reporter.SinkFailed(new ThrowingSink(), new IOException("b"), 4);

        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(2, messages.Count);
        Assert.StartsWith(Prefix + "sink CollectingSink failed 1 time (1 events): IOException: a;", messages[0], StringComparison.Ordinal);
        Assert.StartsWith(Prefix + "sink ThrowingSink failed 1 time (4 events): IOException: b;", messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void TemporaryAndListenerFailures_AreKindsOfTheirOwn_AndAreNotTheLastError()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        reporter.SinkFailed(new CollectingSink(), new IOException("lost"), 1);

        reporter.TemporaryFailure("CollectingSink", "busy, will retry", null);
        reporter.ListenerFailed(new InvalidOperationException("listener broke"), 4);

        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(3, messages.Count);
        Assert.StartsWith(Prefix + "sink CollectingSink (temporary, retried) failed 1 time (0 events): LoggingFailedException: busy, will retry;", messages[1], StringComparison.Ordinal);
        Assert.StartsWith(Prefix + "failure listener failed 1 time (4 events): InvalidOperationException: listener broke;", messages[2], StringComparison.Ordinal);
        Assert.Equal("System.IO.IOException: lost", _counters.LastError);
    }

    [Fact]
    public void FirstDrop_WritesTheFirstQueueFullDropAtOnce_AndNothingForLaterOnesOrForOtherReasons()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();

        reporter.FirstDrop(DropReason.ProtectedTimeout);
        reporter.FirstDrop(DropReason.Closed);
        reporter.FirstDrop(DropReason.ShutdownTimeout);
        Assert.Empty(selfLog.MessagesOf(Name)); // those wait for the summary

        reporter.FirstDrop(DropReason.QueueFull);
        reporter.FirstDrop(DropReason.QueueFull);

        Assert.Equal(
            Prefix + "dropped an event (queue_full): the queue is full; further drops are summarised at most every 10 s",
            Assert.Single(selfLog.MessagesOf(Name)));
    }

    [Fact]
    public void Drops_AreSummarisedPerReasonOncePerInterval_AsTheCountSinceTheLastSummary()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        _counters.Drop(DropReason.QueueFull, FapilogLevel.Information, 5);
        _counters.Drop(DropReason.QueueFull, FapilogLevel.Debug);
        _counters.Drop(DropReason.ProtectedTimeout, FapilogLevel.Audit, 2);

        reporter.ReportIfDue();
        Assert.Empty(selfLog.MessagesOf(Name));

        _time.Advance(Interval);
        reporter.ReportIfDue();
        Assert.Equal(new[] { Prefix + "dropped 6 events (queue_full) in the last 10 s", Prefix + "dropped 2 events (protected_timeout) in the last 10 s" }, selfLog.MessagesOf(Name));

        _counters.Drop(DropReason.QueueFull, FapilogLevel.Information, 3);
        _time.Advance(Interval);
        reporter.ReportIfDue();
        Assert.Equal(Prefix + "dropped 3 events (queue_full) in the last 10 s", selfLog.MessagesOf(Name)[2]);
        Assert.Equal(3, selfLog.MessagesOf(Name).Count);
    }

    [Fact]
    public void ProtectedDropped_IsWrittenEveryTime()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();

        reporter.ProtectedDropped(FapilogLevel.Audit, DropReason.ProtectedTimeout, "User {User} exported {Rows} rows");
        reporter.ProtectedDropped(FapilogLevel.Security, DropReason.Closed, "Login failed for {User}");

        Assert.Equal(
            new[]
            {
                Prefix + "DROPPED a protected Audit event (protected_timeout): \"User {User} exported {Rows} rows\"",
                Prefix + "DROPPED a protected Security event (closed): \"Login failed for {User}\"",
            },
            selfLog.MessagesOf(Name));
    }

    [Fact]
    public void DroppedAfterClose_IsWrittenTheFirstTimeOnly()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();

        reporter.DroppedAfterClose();
        reporter.DroppedAfterClose();

        Assert.Equal(Prefix + "events logged after the pipeline closed are dropped and counted (closed)", Assert.Single(selfLog.MessagesOf(Name)));
    }

    [Fact]
    public void TimeUntilDue_IsNullWithNothingPending_TheRestOfTheIntervalWhilePending_ThenZero()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        var sink = new CollectingSink();
        Assert.Null(reporter.TimeUntilDue());

        reporter.SinkFailed(sink, new IOException("first"), 1);
        Assert.Null(reporter.TimeUntilDue()); // the first failure was written at once: nothing waits

        _time.Advance(TimeSpan.FromSeconds(3));
        reporter.SinkFailed(sink, new IOException("second"), 1);
        Assert.Equal(TimeSpan.FromSeconds(7), reporter.TimeUntilDue());

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, reporter.TimeUntilDue()); // overdue, never negative

        reporter.ReportIfDue();
        Assert.Null(reporter.TimeUntilDue());

        _counters.Drop(DropReason.Closed, FapilogLevel.Information);
        Assert.Equal(Interval, reporter.TimeUntilDue()); // a drop is pending too; the interval restarted at the summary
    }

    [Fact]
    public void ReportIfDue_Forced_WritesWhatIsPendingAtOnce_AsBeforeClosing_AndRestartsTheInterval()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        var sink = new CollectingSink();
        reporter.SinkFailed(sink, new IOException("first"), 1);
        reporter.SinkFailed(sink, new IOException("second"), 2);
        reporter.SinkFailed(sink, new IOException("third"), 3);
        _counters.Drop(DropReason.QueueFull, FapilogLevel.Information, 4);
        _time.Advance(TimeSpan.FromSeconds(1));

        reporter.ReportIfDue(force: true);

        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(3, messages.Count);
        Assert.Equal(Prefix + "dropped 4 events (queue_full) before closing", messages[1]);
        Assert.Equal(Prefix + "sink CollectingSink failed 2 times (5 events) before closing; last: IOException: third", messages[2]);

        reporter.SinkFailed(sink, new IOException("fourth"), 1);
        Assert.Equal(Interval, reporter.TimeUntilDue());
    }

    [Fact]
    public void ReportForStuckWriter_WritesThePendingSummaries_ThenTheShutdownLine_WhichAlreadyCountsTheShutdownTimeouts()
    {
        using var selfLog = new SelfLogCapture();
        var reporter = Reporter();
        var sink = new CollectingSink();
        reporter.SinkFailed(sink, new IOException("first"), 1);
        reporter.SinkFailed(sink, new IOException("second"), 1);
        reporter.SinkFailed(sink, new IOException("third"), 1);
        _counters.Drop(DropReason.QueueFull, FapilogLevel.Information, 2);
        _counters.Drop(DropReason.ShutdownTimeout, FapilogLevel.Information, 9);

        reporter.ReportForStuckWriter("close gave up: 9 events not written (shutdown_timeout)");

        Assert.Equal(
            new[]
            {
                Prefix + "dropped 2 events (queue_full) before closing",
                Prefix + "sink CollectingSink failed 2 times (2 events) before closing; last: IOException: third",
                Prefix + "close gave up: 9 events not written (shutdown_timeout)",
            },
            selfLog.MessagesOf(Name).Skip(1));

        // A writer that comes back later finds nothing left to report: the shutdown_timeout count is not repeated.
        Assert.Null(reporter.TimeUntilDue());
        reporter.ReportIfDue(force: true);
        Assert.Equal(4, selfLog.MessagesOf(Name).Count);
    }

    private SelfLogReporter Reporter() => new(Name, _counters, _time, Interval);
}
