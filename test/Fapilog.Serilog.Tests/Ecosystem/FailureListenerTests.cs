using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Ecosystem;

/// <summary>
/// Serilog 4's failure listeners, both ways: the pipeline reports what it drops or fails (so
/// <c>WriteTo.FallbackChain</c> and <c>WriteTo.Fallible</c> work around it), and inner sinks that report their
/// failures to a listener get one of ours (so those failures count as failed).
/// </summary>
[Collection(SelfLogCollection.Name)]
public class FailureListenerTests
{
    [Fact]
    public void FallbackChain_GetsEveryEventTheInnerSinkFailed()
    {
        var throwing = new ThrowingSink(e => Some.NumberOf(e) % 2 == 0);
        var fallback = new CollectingSink();
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(wt => wt.Fapilog(inner => inner.Sink(throwing), Options(), out _), fb => fb.Sink(fallback))
            .CreateLogger();

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.Equal(new[] { 0, 2, 4, 6, 8 }, fallback.Events.Select(Some.NumberOf));
    }

    [Fact]
    public void FallbackChain_GetsEveryEventThePipelineDropped_EvenBehindRestrictedToMinimumLevel()
    {
        var gated = new GatedSink();
        var fallback = new CollectingSink();
        var options = Options();
        options.QueueLimit = 10;
        options.ProtectedReserve = 2;
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(
                wt => wt.Fapilog(inner => inner.Sink(gated), options, out _, restrictedToMinimumLevel: LogEventLevel.Debug),
                fb => fb.Sink(fallback))
            .CreateLogger();

        logger.Information("Event {N}", 0);
        gated.WaitUntilWriterIsHeld();
        for (int i = 1; i <= 20; i++)
        {
            logger.Information("Event {N}", i); // 8 fit (ordinary room); 12 are dropped
        }

        gated.Open();
        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 9), gated.Events.Select(Some.NumberOf));
        Assert.Equal(Enumerable.Range(9, 12), fallback.Events.Select(Some.NumberOf));
    }

    [Fact]
    public void Fallible_ListenerHearsAboutWhatACloseAbandons_AsFinal()
    {
        var hanging = new HangingSink();
        var listener = new RecordingListener();
        var options = Options();
        options.ShutdownTimeout = TimeSpan.FromSeconds(2); // a fifth of it is the listener's budget: room on a busy machine
        FapilogPipeline? pipeline = null;
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(hanging), options, out pipeline), listener)
            .CreateLogger();

        logger.Information("Event {N}", 0);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the sink");
        for (int i = 1; i <= 4; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose(); // the writer is stuck in the sink: the close gives up
        hanging.Release();
        Assert.True(pipeline!.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)), "the writer did not exit once released");

        var final = listener.Reports.Where(r => r.Kind == LoggingFailureKind.Final).SelectMany(r => r.Events).Select(Some.NumberOf);
        Assert.Equal(Enumerable.Range(0, 5), final.OrderBy(n => n));
        Assert.DoesNotContain(listener.Reports, r => r.Kind != LoggingFailureKind.Final); // the released writer reports nothing twice
    }

    [Fact]
    public void InnerSinkThatReportsToAListener_GetsOne_AndItsReportedFailuresCountAsFailed()
    {
        var reporting = new ReportingSink(e => Some.NumberOf(e) < 3);
        var listener = new RecordingListener();
        FapilogPipeline? pipeline = null;
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(reporting), Options(), out pipeline), listener)
            .CreateLogger();

        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.True(reporting.HadListener);
        var stats = pipeline!.GetStats();
        Assert.Equal(new[] { 0, 1, 2 }, listener.Reports.Where(r => r.Kind == LoggingFailureKind.Permanent).SelectMany(r => r.Events).Select(Some.NumberOf));
        Assert.Equal(3, stats.Failed);
        Assert.Equal(7, stats.Written);
    }

    [Fact]
    public void InnerSinkThatReportsLate_MovesThoseEventsFromWrittenToFailed()
    {
        var reporting = new ReportingSink(_ => false, reportAllOnDispose: true);
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(inner => inner.Sink(reporting), Options(), out var pipeline)
            .CreateLogger();

        for (int i = 0; i < 4; i++)
        {
            logger.Information("Event {N}", i);
        }

        Assert.Equal(4, pipeline.Flush(TimeSpan.FromSeconds(30)).Stats.Written);
        logger.Dispose(); // the sink now reports all four as lost (Final)

        var stats = pipeline.GetStats();
        Assert.Equal(0, stats.Written);
        Assert.Equal(4, stats.Failed);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void Drops_AreHandedToTheFallbackByTheWriter_NotOnTheCallersThread()
    {
        var gated = new GatedSink();
        var fallback = new ThreadRecordingSink();
        var options = Options();
        options.QueueLimit = 10;
        options.ProtectedReserve = 2;
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(wt => wt.Fapilog(inner => inner.Sink(gated), options, out _), fb => fb.Sink(fallback))
            .CreateLogger();

        logger.Information("Event {N}", 0);
        gated.WaitUntilWriterIsHeld();
        for (int i = 1; i <= 20; i++)
        {
            logger.Information("Event {N}", i);
        }

        Assert.Empty(fallback.Events); // nothing ran on this thread: the drops wait in their ring for the writer
        gated.Open();
        logger.Dispose();

        Assert.Equal(Enumerable.Range(9, 12), fallback.Events.Select(e => Some.NumberOf(e.Event)));
        Assert.All(fallback.Events, e => Assert.StartsWith("fapilog", e.Thread));
    }

    [Fact]
    public void ListenerThatLogsIntoTheSamePipeline_DoesNotRecurse()
    {
        var throwing = new ThrowingSink();
        var listener = new LoggingListener();
        var options = Options();
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(200); // what it logs fails too: a loop only the close ends
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(throwing), options, out _), listener)
            .CreateLogger();
        listener.Logger = logger;

        for (int i = 0; i < 5; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        // Every failed event was reported, the listener was never called from inside itself, and the close ended
        // the loop its own logging made (every line it logs fails and is reported again).
        Assert.True(listener.Calls >= 5, $"{listener.Calls} reports");
        Assert.Equal(1, listener.MaxDepth);
    }

    [Fact]
    public void ListenerThatThrows_IsSummarised_NotOneLinePerEvent()
    {
        using var selfLog = new SelfLogCapture();
        var throwing = new ThrowingSink();
        var options = Options();
        options.ReportInterval = TimeSpan.FromHours(1);
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(throwing), options, out _), new ThrowingListener())
            .CreateLogger();

        for (int i = 0; i < 500; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.InRange(selfLog.Lines.Count(l => l.Contains("failure listener", StringComparison.Ordinal)), 1, 2);
    }

    [Fact]
    public void CloseWithAHungFallback_StillReturns()
    {
        var hanging = new HangingSink();
        var hungFallback = new HangingSink();
        var options = Options();
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(100);
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(wt => wt.Fapilog(inner => inner.Sink(hanging), options, out _), fb => fb.Sink(hungFallback))
            .CreateLogger();

        logger.Information("Event {N}", 0);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the sink");
        logger.Information("Event {N}", 1);

        var close = System.Threading.Tasks.Task.Run(logger.Dispose);
        bool returned = close.Wait(TimeSpan.FromSeconds(30)); // generous: only a hang fails it
        hanging.Release();
        hungFallback.Release();

        Assert.True(returned, "the close waited for the hung fallback");
    }

    [Fact]
    public void ReportFromAnotherThreadDuringTheCall_StillCountsThatEventFailed()
    {
        var reporting = new ReportingSink(e => Some.NumberOf(e) == 0, reportFromPool: true);
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(inner => inner.Sink(reporting), Options(), out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 0);
        logger.Information("Event {N}", 1);
        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(1, stats.Failed);
        Assert.Equal(1, stats.Written);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void EventFailedByOneSinkAndReportedLostLaterByAnother_IsCountedFailedOnce()
    {
        var throwing = new ThrowingSink(e => Some.NumberOf(e) == 0);
        var reporting = new ReportingSink(_ => false, reportAllOnDispose: true, reportOnly: 0);

        var stats = LogTenAndClose(throwing, reporting);

        Assert.Equal(1, stats.Failed);
        Assert.Equal(9, stats.Written);
    }

    [Fact]
    public void ReportDuringACallAboutAnEarlierEvent_MovesThatEventToFailed()
    {
        var reporting = new ReportingSink(_ => false, reportEarlierAt: 5, reportOnly: 2);

        var stats = LogTenAndClose(reporting);

        Assert.Equal(1, stats.Failed);
        Assert.Equal(9, stats.Written);
    }

    [Fact]
    public void ACloseThatGivesUpOnTheWriter_IsTheOnlyOneToDeliverWhatWasQueued()
    {
        var hanging = new HangingSink();
        var fallback = new CollectingSink();
        var options = Options();
        options.ShutdownTimeout = TimeSpan.FromSeconds(2); // a fifth of it is the listener's budget: room on a busy machine
        FapilogPipeline? pipeline = null;
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(wt => wt.Fapilog(inner => inner.Sink(hanging), options, out pipeline), fb => fb.Sink(fallback))
            .CreateLogger();

        logger.Information("Event {N}", 0);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the sink");
        for (int i = 1; i <= 8; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();       // gives up on the writer: 0 (in the sink) and 1..8 (queued) go to the fallback
        hanging.Release();      // the writer comes back: it must not write 1..8 to the primary as well
        Assert.True(pipeline!.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)), "the writer did not exit once released");

        Assert.Equal(Enumerable.Range(0, 9), fallback.Events.Select(Some.NumberOf).OrderBy(n => n));
        Assert.Equal(9, pipeline.GetStats().DroppedFor(DropReason.ShutdownTimeout));
    }

    [Fact]
    public void DropsWhileTheSinkHangs_ReachTheFallbackWhenTheCloseGivesUp()
    {
        var hanging = new HangingSink();
        var fallback = new CollectingSink();
        var options = Options();
        options.QueueLimit = 10;
        options.ProtectedReserve = 2;
        options.ShutdownTimeout = TimeSpan.FromSeconds(2); // a fifth of it is the listener's budget: room on a busy machine
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(wt => wt.Fapilog(inner => inner.Sink(hanging), options, out _), fb => fb.Sink(fallback))
            .CreateLogger();

        logger.Information("Event {N}", 0);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the sink");
        for (int i = 1; i <= 20; i++)
        {
            logger.Information("Event {N}", i); // 1..8 are queued, 9..20 dropped while the writer is stuck
        }

        logger.Dispose();
        hanging.Release();

        Assert.Equal(Enumerable.Range(0, 21), fallback.Events.Select(Some.NumberOf).OrderBy(n => n));
    }

    [Fact]
    public void ALargeLateReport_AboutEventsAlreadyFailed_MovesOnlyTheOthers()
    {
        var throwing = new ThrowingSink(e => Some.NumberOf(e) < 5_000);
        var reporting = new ReportingSink(_ => false, reportAllOnDispose: true, reportBelow: 6_000);
        var options = Options();
        options.QueueLimit = 20_000; // room for all 10 000 however far the writer falls behind: none may be dropped
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(inner => { inner.Sink(throwing); inner.Sink(reporting); }, options, out var pipeline)
            .CreateLogger();

        for (int i = 0; i < 10_000; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose(); // the second sink reports 0..5999 lost: only 5000..5999 were counted written

        var stats = pipeline.GetStats();
        Assert.Equal(6_000, stats.Failed);
        Assert.Equal(4_000, stats.Written);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void AReportNamingNoEvents_FromAnotherThread_FailsOnlyTheEventInHand()
    {
        var reporting = new ReportingSink(e => Some.NumberOf(e) == 3, reportFromPool: true, nameNoEvents: true);

        var stats = LogTenAndClose(reporting);

        Assert.Equal(1, stats.Failed);
        Assert.Equal(9, stats.Written);
    }

    [Fact]
    public void AfterTheClose_ADropDoesNotCallTheListenerOnTheCallersThread()
    {
        var listener = new RecordingListener();
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(new CollectingSink()), Options(), out _), listener)
            .CreateLogger();
        logger.Dispose();

        logger.Information("Event {N}", 1); // counted (closed); the listener's sinks are gone with the logger

        Assert.Empty(listener.Reports);
    }

    /// <summary>Events 0…9 through a pipeline around <paramref name="sinks"/>, closed; its final counters.</summary>
    private static FapilogPipelineStats LogTenAndClose(params ILogEventSink[] sinks)
    {
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(inner => Array.ForEach(sinks, sink => inner.Sink(sink)), Options(), out var pipeline)
            .CreateLogger();
        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();
        var stats = pipeline.GetStats();
        Pipelines.AssertDrained(stats);
        return stats;
    }

    private static FapilogPipelineOptions Options() => new()
    {
        Name = "listener-" + Guid.NewGuid().ToString("N")[..8],
        FlushOnProcessExit = false,
        MaxWait = TimeSpan.Zero,
        ProtectedMaxWait = TimeSpan.Zero,
    };

    private sealed class RecordingListener : ILoggingFailureListener
    {
        private readonly List<(LoggingFailureKind Kind, LogEvent[] Events)> _reports = new();

        public IReadOnlyList<(LoggingFailureKind Kind, LogEvent[] Events)> Reports
        {
            get
            {
                lock (_reports)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
        {
            lock (_reports)
            {
                _reports.Add((kind, events?.ToArray() ?? Array.Empty<LogEvent>()));
            }
        }
    }

    /// <summary>Reports failures to its listener instead of throwing, as Serilog.Sinks.File 7 does.</summary>
    private sealed class ReportingSink : ILogEventSink, ISetLoggingFailureListener, IDisposable
    {
        private readonly Func<LogEvent, bool> _fails;
        private readonly bool _reportAllOnDispose;
        private readonly bool _reportFromPool;
        private readonly int _reportEarlierAt;
        private readonly int _reportOnly;
        private readonly List<LogEvent> _accepted = new();
        private ILoggingFailureListener _listener = new NobodyListens();

        private readonly bool _nameNoEvents;
        private readonly int _reportBelow;

        public ReportingSink(
            Func<LogEvent, bool> fails, bool reportAllOnDispose = false, bool reportFromPool = false, int reportEarlierAt = -1, int reportOnly = -1,
            bool nameNoEvents = false, int reportBelow = -1)
        {
            _nameNoEvents = nameNoEvents;
            _reportBelow = reportBelow;
            _fails = fails;
            _reportAllOnDispose = reportAllOnDispose;
            _reportFromPool = reportFromPool;
            _reportEarlierAt = reportEarlierAt;
            _reportOnly = reportOnly;
        }

        public bool HadListener => _listener is not NobodyListens;

        public void SetFailureListener(ILoggingFailureListener failureListener) => _listener = failureListener;

        public void Emit(LogEvent logEvent)
        {
            if (_fails(logEvent))
            {
                var report = () => _listener.OnLoggingFailed(
                    this, LoggingFailureKind.Permanent, "could not write", _nameNoEvents ? null : new[] { logEvent }, new InvalidOperationException("write failed"));
                if (_reportFromPool)
                {
                    System.Threading.Tasks.Task.Run(report).Wait(); // as a sink completing its I/O on a pool thread would
                }
                else
                {
                    report();
                }

                return;
            }

            if (Some.NumberOf(logEvent) == _reportEarlierAt)
            {
                var earlier = _accepted.Where(e => Some.NumberOf(e) == _reportOnly).ToArray();
                _listener.OnLoggingFailed(this, LoggingFailureKind.Permanent, "an earlier write was lost", earlier, new InvalidOperationException("lost"));
            }

            _accepted.Add(logEvent);
        }

        public void Dispose()
        {
            if (_reportAllOnDispose)
            {
                var lost = _accepted.Where(e => (_reportOnly < 0 || Some.NumberOf(e) == _reportOnly) && (_reportBelow < 0 || Some.NumberOf(e) < _reportBelow)).ToArray();
                _listener.OnLoggingFailed(this, LoggingFailureKind.Final, "lost the buffer", lost, new InvalidOperationException("flush failed"));
            }
        }

        private sealed class NobodyListens : ILoggingFailureListener
        {
            public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
            {
            }
        }
    }

    private sealed class ThreadRecordingSink : ILogEventSink
    {
        private readonly List<(LogEvent Event, string? Thread)> _events = new();

        public IReadOnlyList<(LogEvent Event, string? Thread)> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToArray();
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add((logEvent, System.Threading.Thread.CurrentThread.Name));
            }
        }
    }

    /// <summary>Logs a line into the logger whose pipeline it listens to, each time it is told of a failure.</summary>
    private sealed class LoggingListener : ILoggingFailureListener
    {
        private int _depth;

        public ILogger? Logger { get; set; }

        public int Calls { get; private set; }

        public int MaxDepth { get; private set; }

        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
        {
            Calls++;
            _depth++;
            MaxDepth = Math.Max(MaxDepth, _depth);
            try
            {
                Logger?.Information("Event {N}", 1_000 + Calls);
            }
            finally
            {
                _depth--;
            }
        }
    }

    private sealed class ThrowingListener : ILoggingFailureListener
    {
        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception) =>
            throw new InvalidOperationException("the listener fails on purpose");
    }
}
