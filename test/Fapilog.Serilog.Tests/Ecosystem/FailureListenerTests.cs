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
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        var logger = new LoggerConfiguration()
            .WriteTo.Fallible(wt => wt.Fapilog(inner => inner.Sink(hanging), options, out _), listener)
            .CreateLogger();

        logger.Information("Event {N}", 0);
        Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the sink");
        for (int i = 1; i <= 4; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose(); // the writer is stuck in the sink: the close gives up after 200 ms
        hanging.Release();

        var final = listener.Reports.Where(r => r.Kind == LoggingFailureKind.Final).SelectMany(r => r.Events).Select(Some.NumberOf);
        Assert.Equal(Enumerable.Range(0, 5), final.OrderBy(n => n));
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
        private readonly List<LogEvent> _accepted = new();
        private ILoggingFailureListener _listener = new NobodyListens();

        public ReportingSink(Func<LogEvent, bool> fails, bool reportAllOnDispose = false)
        {
            _fails = fails;
            _reportAllOnDispose = reportAllOnDispose;
        }

        public bool HadListener => _listener is not NobodyListens;

        public void SetFailureListener(ILoggingFailureListener failureListener) => _listener = failureListener;

        public void Emit(LogEvent logEvent)
        {
            if (_fails(logEvent))
            {
                _listener.OnLoggingFailed(this, LoggingFailureKind.Permanent, "could not write", new[] { logEvent }, new InvalidOperationException("write failed"));
                return;
            }

            _accepted.Add(logEvent);
        }

        public void Dispose()
        {
            if (_reportAllOnDispose)
            {
                _listener.OnLoggingFailed(this, LoggingFailureKind.Final, "lost the buffer", _accepted.ToArray(), new InvalidOperationException("flush failed"));
            }
        }

        private sealed class NobodyListens : ILoggingFailureListener
        {
            public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
            {
            }
        }
    }
}
