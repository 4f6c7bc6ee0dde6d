using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// What inner sinks report through the failure listeners the dispatcher gives them (Serilog.Sinks.File 7 reports its
/// write failures that way instead of throwing), matched to the call in progress. Both halves live here: the
/// dispatcher's call bracket on the writer thread, and the reports that come from any thread.
/// </summary>
/// <remarks>
/// <para>A report on the writer thread during a call marks the call's events failed, exactly as if the sink had
/// thrown. A report from another thread during the call (a sink completing its work on a pool thread) is queued and
/// applied by the writer right after the call, so it still marks the call's events. A report at any other moment
/// (the sink's own flush, timer or disposal) concerns events already counted as written: it is a late failure
/// (<see cref="FailureReports.LateFailure"/>), and so is one that arrived just as its call ended.</para>
/// <para>Invariant: an event is marked failed at most once per call, and events a report names that are not part of
/// the call take the late path, never both.</para>
/// </remarks>
internal sealed class InnerSinkReports
{
    private readonly ILogEventSink[] _sinks;
    private readonly SelfLogReporter _reporter;
    private readonly Thread? _writer;
    private readonly FailureReports? _failures;

    // The sink being called, -1 outside any call: written by the writer, read by any thread that reports. A report
    // from another thread during the call (a sink completing its work on a pool thread) is queued in _inCall and
    // applied by the writer right after the call, so it still marks the call's events failed.
    private volatile int _callSink = -1;
    private readonly ConcurrentQueue<(int Sink, int Event, IReadOnlyCollection<LogEvent>? Events)> _inCall = new();

    // The rest of the call in progress: written and read on the writer thread only.
    private FapilogEvent[]? _callBatch;    // the batch being handed out, and its length
    private int _callCount;
    private volatile int _callEvent = -1;  // for a plain sink: the position being emitted; -1 for a batch call (read by reporters)
    private bool[]? _callFailed;
    private int _callReported;            // events this call marked failed through the listener

    public InnerSinkReports(ILogEventSink[] sinks, SelfLogReporter reporter, Thread? writer, FailureReports? failures)
    {
        _sinks = sinks;
        _reporter = reporter;
        _writer = writer;
        _failures = failures;
    }

    /// <summary>Events the call in progress (the current event, for a plain sink) marked failed through the listener.</summary>
    public int Reported => _callReported;

    /// <summary>The listener inner sink <paramref name="sink"/> gets.</summary>
    public ILoggingFailureListener ListenerFor(int sink) => new InnerListener(this, sink);

    /// <summary>Writer thread: sink <paramref name="sink"/> is about to be handed the batch.</summary>
    public void BeginCall(int sink, FapilogEvent[] batch, int count, bool[] failed)
    {
        _callBatch = batch;
        _callCount = count;
        _callFailed = failed;
        _callEvent = -1;
        _callReported = 0;
        _callSink = sink;
    }

    /// <summary>Writer thread: a plain sink is about to be handed event <paramref name="index"/> of the batch.</summary>
    public void BeginEvent(int index)
    {
        _callEvent = index;
        _callReported = 0;
    }

    /// <summary>Writer thread: the plain sink has been handed every event.</summary>
    public void EndEvents() => _callEvent = -1;

    /// <summary>Writer thread: the call to <paramref name="sink"/> returned; applies what other threads reported during it.</summary>
    public void EndCall(int sink, bool[] failed)
    {
        _callSink = -1;
        ApplyInCallReports(sink, failed);
    }

    /// <summary>Writer thread: the batch has been handed to every sink (or dispatch failed).</summary>
    public void EndDispatch()
    {
        _callSink = -1;
        _callBatch = null;
        _callFailed = null;
    }

    /// <summary>
    /// Writer thread, idle or exiting: a report queued during a call just as the call ended was not applied to it;
    /// it is about events the sink had, so it is a late failure.
    /// </summary>
    public void ReportStrayAsLate()
    {
        while (_inCall.TryDequeue(out var report))
        {
            if (report.Events is { Count: > 0 } events)
            {
                ReportLate(report.Sink, events, new LoggingFailedException("the sink reported a failure"), LoggingFailureKind.Permanent, onWriter: true);
            }
        }
    }

    /// <summary>Any thread: an inner sink reported a failure through our listener.</summary>
    private void OnInnerFailure(int sink, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
    {
        string sinkName = _sinks[sink].GetType().Name;
        if (kind == LoggingFailureKind.Temporary)
        {
            // The sink keeps the events and tries again itself: nothing is lost yet.
            _reporter.TemporaryFailure(sinkName, message, exception);
            return;
        }

        bool onWriter = Thread.CurrentThread == _writer;
        if (_callSink == sink)
        {
            if (onWriter && _callFailed is { } failed)
            {
                MarkReported(sink, events, failed);
            }
            else
            {
                _inCall.Enqueue((sink, _callEvent, events));
            }

            return;
        }

        ReportLate(sink, events, exception ?? new LoggingFailedException(message), kind, onWriter);
    }

    /// <summary>A failure about events we handed over earlier: they were counted written and move to failed.</summary>
    private void ReportLate(int sink, IReadOnlyCollection<LogEvent>? events, Exception exception, LoggingFailureKind kind, bool onWriter)
    {
        _reporter.SinkFailed(_sinks[sink], exception, events?.Count ?? 0);
        if (events is { Count: > 0 })
        {
            _failures?.LateFailure(kind, events, exception, _sinks[sink].GetType().Name, onWriter);
        }
    }

    /// <summary>Writer thread, after a call: applies what the sink reported from other threads during it.</summary>
    private void ApplyInCallReports(int sink, bool[] failed)
    {
        if (_inCall.IsEmpty)
        {
            return;
        }

        int before = _callReported;
        _callEvent = -1;
        _callReported = 0;
        while (_inCall.TryDequeue(out var report))
        {
            if (report.Sink == sink)
            {
                _callEvent = report.Event; // a report naming no events is about the event that was in hand
                MarkReported(sink, report.Events, failed);
                _callEvent = -1;
            }
            else if (report.Events is { Count: > 0 } events)
            {
                // It arrived after that sink's call had ended: about events it had, so a late failure.
                ReportLate(report.Sink, events, new LoggingFailedException("the sink reported a failure"), LoggingFailureKind.Permanent, onWriter: true);
            }
        }

        if (_callReported > 0)
        {
            _reporter.SinkFailed(_sinks[sink], new LoggingFailedException("the sink reported a failure"), _callReported);
        }

        _callReported = before;
    }

    /// <summary>
    /// Writer thread, inside or right after a call: marks the reported events of the call as failed. Reported
    /// events that are not part of the call (an earlier one the sink had buffered) take the late path.
    /// </summary>
    private void MarkReported(int sink, IReadOnlyCollection<LogEvent>? events, bool[] failed)
    {
        // A plain sink may report the event it is being handed or one it was handed earlier in this batch (not
        // counted yet either); with no events named, the report is about the one in hand.
        int first = _callEvent >= 0 && events is null ? _callEvent : 0;
        int end = _callEvent >= 0 ? _callEvent + 1 : _callCount;
        int matched = 0;
        for (int i = first; i < end; i++)
        {
            if (events is null || Contains(events, _callBatch![i].LogEvent))
            {
                matched++;
                failed[i] = true;
                _callReported = _callEvent >= 0 ? 1 : _callReported + 1;
            }
        }

        if (events is not null && matched < events.Count)
        {
            var others = new List<LogEvent>(events.Count - matched);
            foreach (var e in events)
            {
                if (!InCall(e, first, end))
                {
                    others.Add(e);
                }
            }

            ReportLate(sink, others, new LoggingFailedException("the sink reported events of an earlier batch as lost"), LoggingFailureKind.Permanent, onWriter: true);
        }
    }

    private bool InCall(LogEvent logEvent, int first, int end)
    {
        for (int i = first; i < end; i++)
        {
            if (ReferenceEquals(_callBatch![i].LogEvent, logEvent))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyCollection<LogEvent> events, LogEvent logEvent)
    {
        foreach (var e in events)
        {
            if (ReferenceEquals(e, logEvent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The listener one inner sink gets: forwards with the sink's position.</summary>
    private sealed class InnerListener : ILoggingFailureListener
    {
        private readonly InnerSinkReports _owner;
        private readonly int _sink;

        public InnerListener(InnerSinkReports owner, int sink)
        {
            _owner = owner;
            _sink = sink;
        }

        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
        {
            try
            {
                _owner.OnInnerFailure(_sink, kind, message, events, exception);
            }
            catch (Exception)
            {
                // A listener must never throw back into the sink that reports to it.
            }
        }
    }
}
