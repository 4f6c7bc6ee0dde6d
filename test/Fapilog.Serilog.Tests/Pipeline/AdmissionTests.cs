using System;
using System.Threading;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>Admission is a pure policy: tested here without a queue, a thread or a clock.</summary>
public class AdmissionTests
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("x");

    [Fact]
    public void OrdinaryEvents_StopShortOfTheProtectedReserve_ProtectedOnesMayFillTheQueue()
    {
        var admission = new Admission(new FapilogPipelineOptions { QueueLimit = 1000, ProtectedReserve = 150 });

        Assert.Equal(850, admission.OrdinaryLimit);
        Assert.Equal(1000, admission.ProtectedLimit);
        Assert.Equal(850, admission.LimitFor(isProtected: false));
        Assert.Equal(1000, admission.LimitFor(isProtected: true));
    }

    [Fact]
    public void TheDefaultReserve_IsATenthOfTheQueue_AtLeast100_AndNeverTheWholeQueue()
    {
        Assert.Equal(9_000, new Admission(new FapilogPipelineOptions { QueueLimit = 10_000 }).OrdinaryLimit);
        Assert.Equal(900, new Admission(new FapilogPipelineOptions { QueueLimit = 1_000 }).OrdinaryLimit);
        Assert.Equal(1, new Admission(new FapilogPipelineOptions { QueueLimit = 50 }).OrdinaryLimit);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, null, false)]
    [InlineData(LogEventLevel.Warning, null, false)]
    [InlineData(LogEventLevel.Error, null, true)]
    [InlineData(LogEventLevel.Fatal, null, true)]
    [InlineData(LogEventLevel.Fatal, "AUDIT", true)]
    [InlineData(LogEventLevel.Fatal, "SECURITY", true)]
    public void ByDefault_ErrorAndAboveAreProtected(LogEventLevel level, string? fapilogLevel, bool expected)
    {
        var admission = new Admission(new FapilogPipelineOptions());

        Assert.Equal(expected, admission.IsProtected(Event(level, fapilogLevel)));
    }

    [Fact]
    public void ProtectingEveryFatalLevel_ProtectsFatalEventsWithoutClassifyingThem()
    {
        var admission = new Admission(new FapilogPipelineOptions
        {
            ProtectedLevels = new[] { FapilogLevel.Fatal, FapilogLevel.Audit, FapilogLevel.Security },
        });

        Assert.True(admission.IsProtected(Event(LogEventLevel.Fatal, null)));
        Assert.True(admission.IsProtected(Event(LogEventLevel.Fatal, "AUDIT")));
        Assert.False(admission.IsProtected(Event(LogEventLevel.Error, null)));
    }

    [Fact]
    public void ProtectingAuditAndSecurityOnly_TellsThemApartFromCritical()
    {
        var admission = new Admission(new FapilogPipelineOptions { ProtectedLevels = new[] { FapilogLevel.Audit, FapilogLevel.Security } });

        Assert.False(admission.IsProtected(Event(LogEventLevel.Fatal, null)));
        Assert.True(admission.IsProtected(Event(LogEventLevel.Fatal, "AUDIT")));
        Assert.True(admission.IsProtected(Event(LogEventLevel.Fatal, "SECURITY")));
        Assert.False(admission.IsProtected(Event(LogEventLevel.Error, null)));
    }

    [Fact]
    public void ProtectingOrdinaryLevels_ProtectsThoseLevelsOnly()
    {
        var admission = new Admission(new FapilogPipelineOptions { ProtectedLevels = new[] { FapilogLevel.Warning } });

        Assert.True(admission.IsProtected(Event(LogEventLevel.Warning, null)));
        Assert.False(admission.IsProtected(Event(LogEventLevel.Error, null)));
        Assert.False(admission.IsProtected(Event(LogEventLevel.Fatal, "AUDIT")));
    }

    [Fact]
    public void ProtectingNothing_ProtectsNoEvent()
    {
        var admission = new Admission(new FapilogPipelineOptions { ProtectedLevels = Array.Empty<FapilogLevel>() });

        Assert.False(admission.IsProtected(Event(LogEventLevel.Fatal, "SECURITY")));
    }

    [Fact]
    public void TheDropMode_NeverWaitsForOrdinaryEvents_ButProtectedOnesWaitTheirOwnBound()
    {
        var admission = new Admission(new FapilogPipelineOptions
        {
            FullMode = QueueFullMode.Drop,
            MaxWait = TimeSpan.FromSeconds(3),
            ProtectedMaxWait = TimeSpan.FromMilliseconds(1500.2),
        });

        Assert.Equal(0, admission.WaitFor(isProtected: false, closing: false, onWriterThread: false));
        Assert.Equal(1501, admission.WaitFor(isProtected: true, closing: false, onWriterThread: false));
    }

    [Fact]
    public void TheWaitMode_WaitsMaxWait_AndAnInfiniteWaitStaysInfinite()
    {
        var admission = new Admission(new FapilogPipelineOptions
        {
            FullMode = QueueFullMode.Wait,
            MaxWait = Timeout.InfiniteTimeSpan,
            ProtectedMaxWait = TimeSpan.FromSeconds(2),
        });

        Assert.Equal(Timeout.Infinite, admission.WaitFor(isProtected: false, closing: false, onWriterThread: false));
        Assert.Equal(2000, admission.WaitFor(isProtected: true, closing: false, onWriterThread: false));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void NobodyWaits_OnceACloseBegan_OrOnTheWriterThread(bool closing, bool onWriterThread)
    {
        var admission = new Admission(new FapilogPipelineOptions { FullMode = QueueFullMode.Wait, MaxWait = Timeout.InfiniteTimeSpan });

        Assert.Equal(0, admission.WaitFor(isProtected: false, closing, onWriterThread));
        Assert.Equal(0, admission.WaitFor(isProtected: true, closing, onWriterThread));
    }

    [Theory]
    [InlineData(false, false, false, DropReason.QueueFull)]
    [InlineData(false, false, true, DropReason.ProtectedTimeout)]
    [InlineData(false, true, true, DropReason.Closed)]
    [InlineData(true, false, false, DropReason.Closed)]
    [InlineData(true, false, true, DropReason.Closed)]
    public void TheDropReason_SaysClosedFirst_ThenWhichClassRanOutOfRoom(bool queueClosed, bool closing, bool isProtected, DropReason expected)
    {
        var result = queueClosed ? EnqueueResult.Closed : EnqueueResult.Full;

        Assert.Equal(expected, Admission.DropReasonFor(result, closing, isProtected));
    }

    private static LogEvent Event(LogEventLevel level, string? fapilogLevel)
    {
        var properties = fapilogLevel is null
            ? Array.Empty<LogEventProperty>()
            : new[] { new LogEventProperty(FapilogProperties.Level, new ScalarValue(fapilogLevel)) };
        return new LogEvent(DateTimeOffset.UnixEpoch, level, null, Template, properties);
    }
}
