using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Everything the pipeline tells Serilog's failure listener (<c>WriteTo.FallbackChain</c>, <c>WriteTo.Fallible</c>),
/// and the failures inner sinks report to us after the fact. Both halves of each protocol live here.
/// </summary>
/// <remarks>
/// <para><b>Drops on a caller thread.</b> A caller that drops an event only puts it into a small bounded ring of its
/// own (no allocation, no I/O, no listener call on the application's thread); the writer hands what the ring holds
/// to the listener, in batches, after each batch it writes and whenever it falls idle; a close that gives up on a
/// stuck writer hands over what the ring holds. A drop that finds the ring full is still counted as dropped, and
/// the number not handed over is reported to SelfLog. Events logged once the writer has exited (or been abandoned)
/// are counted as dropped (closed) and not handed over: Serilog disposes the listener's sinks with the logger.</para>
/// <para><b>Re-entrancy.</b> A listener (or the fallback sink behind it) that logs into the same pipeline could
/// make a report cause a drop that causes a report: while a thread is inside the listener, what it would report
/// again is counted and summarised instead.</para>
/// <para><b>Late failures</b> (an inner sink reporting after the fact) are counted by <see cref="LateFailures"/> and
/// reported here.</para>
/// <para><b>The close's report.</b> What a close abandons goes to the listener on a pool thread, within what is
/// left of the close's time, so that a slow or hung fallback cannot make the close overrun it.</para>
/// <para>A listener that is slow holds the writer (it runs there): that is the user's listener's cost.</para>
/// </remarks>
internal sealed class FailureReports
{
    private const int FinalChunk = 256;

    [ThreadStatic]
    private static bool t_insideListener;

    private readonly object _sender;
    private readonly PipelineCounters _counters;
    private readonly WriterSignal _signal;
    private readonly SelfLogReporter _reporter;
    private readonly LateFailures _late;
    private readonly string _name;

    // Set by Serilog before the first event (SetFailureListener); read by every thread that reports.
    private volatile ILoggingFailureListener? _listener;

    // Created with the listener: caller threads offer, the writer (or, after it exited, any thread) drains.
    private volatile DroppedEventsRing? _dropped;
    private volatile bool _writerExited;
    private readonly Action<LogEvent[]> _reportDropped;
    private readonly Action<long> _reportNotHanded;

    /// <summary>Creates the reports of one pipeline; <paramref name="sender"/> is the sink the listener is told about.</summary>
    public FailureReports(object sender, PipelineParts parts)
    {
        _sender = sender;
        _counters = parts.Counters;
        _signal = parts.Signal;
        _reporter = parts.Reporter;
        _late = new LateFailures(parts.Counters, parts.Queue);
        _name = parts.Name;
        _reportDropped = events => Report(LoggingFailureKind.Permanent, $"dropped {events.Length} events", events, null);
        _reportNotHanded = count => _reporter.ListenerFailed(
            new InvalidOperationException("more events were dropped at once than could be queued for the failure listener"), (int)Math.Min(count, int.MaxValue));
    }

    public bool HasListener => _listener is not null;

    public void SetListener(ILoggingFailureListener listener)
    {
        _dropped ??= new DroppedEventsRing();
        _listener = listener;
    }

    /// <summary>Caller thread: an event was dropped (and counted). No allocation, no listener call here.</summary>
    public void DroppedOnCaller(LogEvent logEvent, DropReason reason)
    {
        var ring = _dropped;
        if (ring is null || _listener is null)
        {
            return;
        }

        if (_writerExited || _counters.IsAbandoned)
        {
            return; // counted (closed); the listener's sinks go with the logger
        }

        if (!ring.Offer(logEvent))
        {
            return;
        }

        // Pairs with the fence in WriterExiting: either the writer's last drain sees this event, or we see the flag.
        Interlocked.MemoryBarrier();
        if (_writerExited)
        {
            ring.Drain(_reportDropped, _reportNotHanded);
        }
        else if (_signal.IsParked)
        {
            _signal.Wake();
        }
    }

    /// <summary>Writer thread: hands the drops the callers queued to the listener.</summary>
    public void DrainDropped() => _dropped?.Drain(_reportDropped, _reportNotHanded);

    /// <summary>Writer thread, leaving its loop: the last drain of drops and late failures.</summary>
    public void WriterExiting()
    {
        _writerExited = true;
        Interlocked.MemoryBarrier(); // see DroppedOnCaller and LateFailure
        ApplyLateFailures();
        DrainDropped();
    }

    /// <summary>Whether a drop or a late failure waits for the writer (a parked writer must not sleep on it).</summary>
    public bool HasWork => _late.Pending || _dropped is { HasEvents: true };

    /// <summary>Writer thread, after a batch was counted: the failed events, for the listener and for late reports.</summary>
    public void BatchFailed(LogEvent[] failed, Exception? error)
    {
        _late.CountedFailed(failed);

        Report(LoggingFailureKind.Permanent, $"{failed.Length} events failed in a wrapped sink", failed, error);
    }

    /// <summary>
    /// Any thread: an inner sink reported events lost after we counted them written. The writer applies it (see
    /// <see cref="ApplyLateFailures"/>); on the writer thread, or once it has exited, it is applied at once.
    /// </summary>
    public void LateFailure(LoggingFailureKind kind, IReadOnlyCollection<LogEvent> events, Exception? exception, string sinkName, bool onWriter)
    {
        if (onWriter || _writerExited)
        {
            _late.Apply(events);
        }
        else
        {
            _late.Enqueue(events);
            Interlocked.MemoryBarrier(); // pairs with WriterExiting: the writer applies it, or we do
            if (_writerExited)
            {
                _late.ApplyQueued();
            }
            else
            {
                _signal.Wake();
            }
        }

        if (!_counters.IsAbandoned)
        {
            // After an abandon these events were part of the close's own report (or were never ours to report).
            Report(kind, $"sink {sinkName} failed", events, exception);
        }
    }

    /// <summary>Writer thread: applies the late failures other threads queued.</summary>
    public void ApplyLateFailures() => _late.ApplyQueued();

    /// <summary>
    /// Closing thread: hands what the close abandoned to the listener, within <paramref name="budget"/>. Returns
    /// at the latest when the budget is spent, even if the listener is still busy.
    /// </summary>
    public void ReportAbandoned(List<LogEvent> events, TimeSpan budget)
    {
        if (_listener is null || (events.Count == 0 && _dropped is not { HasEvents: true }))
        {
            return;
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        int handed = 0;

        // A thread of its own, not the pool: a close often runs when the pool is starved (an application shutting
        // down, blocking waits everywhere), and the budget is short.
        var reporter = new Thread(() =>
        {
            // Drops the stuck writer never handed over. It may be stuck draining them (inside the listener).
            _dropped?.Drain(_reportDropped, _reportNotHanded, wait: false);

            for (int start = 0; start < events.Count && Stopwatch.GetTimestamp() < deadline; start += FinalChunk)
            {
                var chunk = events.GetRange(start, Math.Min(FinalChunk, events.Count - start));
                Report(LoggingFailureKind.Final, $"closed with {events.Count} events not written (shutdown_timeout)", chunk, null);
                Volatile.Write(ref handed, start + chunk.Count);
            }
        })
        {
            IsBackground = true,
            Name = "fapilog-close",
        };
        reporter.UnsafeStart();

        if (!reporter.Join(budget) || Volatile.Read(ref handed) < events.Count)
        {
            _reporter.Error($"the failure listener was handed {Volatile.Read(ref handed)} of the {events.Count} events the close abandoned " +
                $"within {budget.TotalMilliseconds:0} ms; the rest are counted (shutdown_timeout) but not handed over");
        }
    }

    /// <summary>Any thread: one report to the listener, guarded against re-entry and against the listener throwing.</summary>
    private void Report(LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent> events, Exception? exception)
    {
        var listener = _listener;
        if (listener is null || events.Count == 0)
        {
            return;
        }

        if (t_insideListener)
        {
            _reporter.ListenerFailed(new InvalidOperationException("the failure listener logged into the pipeline it listens to"), events.Count);
            return;
        }

        t_insideListener = true;
        try
        {
            listener.OnLoggingFailed(_sender, kind, $"Fapilog pipeline '{_name}': {message}", events, exception);
        }
        catch (Exception ex)
        {
            _reporter.ListenerFailed(ex, events.Count);
        }
        finally
        {
            t_insideListener = false;
        }
    }
}
