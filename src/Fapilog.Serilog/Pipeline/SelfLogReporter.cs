using System;
using System.Collections.Generic;
using System.Threading;
using Serilog.Debugging;

namespace Fapilog.Serilog;

/// <summary>
/// Writes the pipeline's failures to Serilog's <see cref="SelfLog"/> in one message shape,
/// <c>Fapilog pipeline 'name': …</c>, as summaries: one line per kind per interval with counts, never one
/// line per event. A dropped protected event is the exception: it is an incident and is written at once.
/// </summary>
internal sealed class SelfLogReporter
{
    private readonly string _name;
    private readonly PipelineCounters _counters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    // Guards the summary state below. The writer thread is its only user while it runs; close takes it once more
    // when it gives up on a stuck writer (ReportForStuckWriter), which may come back later and report too. The
    // lock is uncontended in steady state: taken once per batch, off the callers' path.
    private readonly object _sync = new();
    private static readonly TimeSpan StuckWriterLockWait = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, (long Events, long Times, string Last)> _sinkFailures = new();
    private readonly long[] _reportedDrops = new long[PipelineCounters.ReasonCount];
    private DateTimeOffset _nextReport;

    // Set once by any caller thread, so that events after close are reported once, not per event.
    private int _reportedClosedDrop;

    // Set once by the first caller that drops an event for a full queue: that first drop is written at once.
    private int _reportedFirstQueueFull;

    // Sinks (by type name) whose first failure was written at once; later ones go into the summaries. Under _sync.
    private readonly HashSet<string> _sinksReported = new();

    public SelfLogReporter(string name, PipelineCounters counters, TimeProvider time, TimeSpan interval)
    {
        _name = name;
        _counters = counters;
        _time = time;
        _interval = interval;
        _nextReport = time.GetUtcNow() + interval;
    }

    public void Error(string message)
    {
        try
        {
            SelfLog.WriteLine("Fapilog pipeline '{0}': {1}", _name, message);
        }
        catch (Exception)
        {
            // SelfLog's output is the application's (a disposed TextWriter, say): reporting must never be
            // the thing that throws into the application or kills the writer thread.
        }
    }

    /// <summary>Any thread: a protected event was dropped. Reported at once.</summary>
    public void ProtectedDropped(FapilogLevel level, DropReason reason, string template) =>
        Error($"DROPPED a protected {level} event ({ReasonName(reason)}): \"{template}\"");

    /// <summary>Any thread: an event arrived after close. Reported the first time only.</summary>
    public void DroppedAfterClose()
    {
        if (Volatile.Read(ref _reportedClosedDrop) == 0 && Interlocked.Exchange(ref _reportedClosedDrop, 1) == 0)
        {
            Error("events logged after the pipeline closed are dropped and counted (closed)");
        }
    }

    /// <summary>
    /// Any thread: an event was dropped. The first drop for a full queue is written at once, so that a failing
    /// setup shows in SelfLog within the first event; later ones are summarised per interval.
    /// </summary>
    public void FirstDrop(DropReason reason)
    {
        if (reason == DropReason.QueueFull && Volatile.Read(ref _reportedFirstQueueFull) == 0
            && Interlocked.Exchange(ref _reportedFirstQueueFull, 1) == 0)
        {
            Error($"dropped an event (queue_full): the queue is full; further drops are summarised at most every {_interval.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Writer thread (or a sink's own thread): a sink failed <paramref name="events"/> events. The first failure
    /// of each sink is written at once; later ones are summarised per interval.
    /// </summary>
    public void SinkFailed(object sink, Exception exception, int events) =>
        Record("sink " + sink.GetType().Name, exception, events, countsAsError: true);

    /// <summary>Writer thread: a writer-side stage threw for <paramref name="events"/> events, which were failed.</summary>
    public void StageFailed(string stage, Exception exception, int events) =>
        Record("stage " + stage, exception, events, countsAsError: true);

    /// <summary>A sink failed but keeps the events and tries again (Serilog's <c>Temporary</c> failures, our retries).</summary>
    public void TemporaryFailure(string sink, string message, Exception? exception) =>
        Record("sink " + sink + " (temporary, retried)", exception ?? new global::Serilog.Debugging.LoggingFailedException(message), 0, countsAsError: false);

    /// <summary>Any thread: events could not be handed to Serilog's failure listener (it threw, or re-entered).</summary>
    public void ListenerFailed(Exception exception, int events) =>
        Record("failure listener", exception, events, countsAsError: false);

    private void Record(string key, Exception exception, int events, bool countsAsError)
    {
        if (countsAsError)
        {
            _counters.RecordError(exception);
        }

        bool first;
        lock (_sync)
        {
            first = _sinksReported.Add(key);
            if (!first)
            {
                _sinkFailures.TryGetValue(key, out var entry);
                _sinkFailures[key] = (entry.Events + events, entry.Times + 1, $"{exception.GetType().Name}: {exception.Message}");
            }
        }

        if (first)
        {
            Error($"{key} failed 1 time ({events} events): {exception.GetType().Name}: {exception.Message}; " +
                $"further failures are summarised at most every {_interval.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Writer thread: how long until the next summary is due, or null when nothing is pending.</summary>
    public TimeSpan? TimeUntilDue()
    {
        lock (_sync)
        {
            if (!HasPending())
            {
                return null;
            }

            var left = _nextReport - _time.GetUtcNow();
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>Writer thread: writes the summaries when the interval has passed (or always, when <paramref name="force"/>).</summary>
    public void ReportIfDue(bool force = false)
    {
        lock (_sync)
        {
            ReportCore(force);
        }
    }

    /// <summary>
    /// Close, when the writer did not finish in time: the writer may never run its own summaries again, so the
    /// closing thread writes them, then the <paramref name="shutdownMessage"/>, which already tells the
    /// shutdown_timeout count (it is marked as reported, so a writer that comes back does not repeat it).
    /// </summary>
    public void ReportForStuckWriter(string shutdownMessage)
    {
        // The writer may be stuck while holding the lock (inside a SelfLog output that blocks): close must stay
        // bounded, so it waits briefly and otherwise writes the shutdown line alone.
        if (!Monitor.TryEnter(_sync, StuckWriterLockWait))
        {
            Error(shutdownMessage);
            return;
        }

        try
        {
            _reportedDrops[(int)DropReason.ShutdownTimeout] = _counters.Dropped(DropReason.ShutdownTimeout);
            ReportCore(force: true);
            Error(shutdownMessage);
        }
        finally
        {
            Monitor.Exit(_sync);
        }
    }

    private void ReportCore(bool force)
    {
        var now = _time.GetUtcNow();
        if (!force && now < _nextReport)
        {
            return;
        }

        _nextReport = now + _interval;
        string period = force ? "before closing" : $"in the last {_interval.TotalSeconds:0.#} s";
        for (int reason = 0; reason < PipelineCounters.ReasonCount; reason++)
        {
            long total = _counters.Dropped((DropReason)reason);
            long delta = total - _reportedDrops[reason];
            if (delta > 0)
            {
                _reportedDrops[reason] = total;
                Error($"dropped {delta} events ({ReasonName((DropReason)reason)}) {period}");
            }
        }

        foreach (var (sink, entry) in _sinkFailures)
        {
            Error($"{sink} failed {entry.Times} {(entry.Times == 1 ? "time" : "times")} ({entry.Events} events) {period}; last: {entry.Last}");
        }

        _sinkFailures.Clear();
    }

    public static string ReasonName(DropReason reason) => reason switch
    {
        DropReason.QueueFull => "queue_full",
        DropReason.ProtectedTimeout => "protected_timeout",
        DropReason.Closed => "closed",
        DropReason.ShutdownTimeout => "shutdown_timeout",
        _ => reason.ToString(),
    };

    private bool HasPending()
    {
        if (_sinkFailures.Count > 0)
        {
            return true;
        }

        for (int reason = 0; reason < PipelineCounters.ReasonCount; reason++)
        {
            if (_counters.Dropped((DropReason)reason) != _reportedDrops[reason])
            {
                return true;
            }
        }

        return false;
    }
}
