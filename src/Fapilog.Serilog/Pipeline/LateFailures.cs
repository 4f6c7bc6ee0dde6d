using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Events an inner sink reports lost after we counted them written (from its own flush, timer or disposal): they
/// move from written to failed, each at most once.
/// </summary>
/// <remarks>
/// Reports from other threads are queued and applied by the writer (or by whoever reports once it has exited), so
/// that the counters change on one thread at a time. Events already counted as failed are remembered in a weak table:
/// a late report about one of them moves nothing, nothing is kept alive by it, and an event is forgotten only when
/// nothing else holds it, when no sink can report it any more.
/// </remarks>
internal sealed class LateFailures
{
    private static readonly object Failed = new();

    private readonly PipelineCounters _counters;
    private readonly BoundedEventQueue _queue;
    private readonly ConcurrentQueue<IReadOnlyCollection<LogEvent>> _queued = new();
    private readonly ConditionalWeakTable<LogEvent, object> _countedFailed = new();

    public LateFailures(PipelineCounters counters, BoundedEventQueue queue)
    {
        _counters = counters;
        _queue = queue;
    }

    /// <summary>Whether reports wait for the writer (a parked writer must not sleep on them).</summary>
    public bool Pending => !_queued.IsEmpty;

    /// <summary>Writer thread: these events were counted failed; a late report about them moves nothing.</summary>
    public void CountedFailed(LogEvent[] events)
    {
        foreach (var e in events)
        {
            _countedFailed.AddOrUpdate(e, Failed);
        }
    }

    /// <summary>Any thread: queues a report for the writer.</summary>
    public void Enqueue(IReadOnlyCollection<LogEvent> events) => _queued.Enqueue(events);

    /// <summary>Writer thread (or any thread once it has exited): applies the queued reports.</summary>
    public void ApplyQueued()
    {
        while (_queued.TryDequeue(out var events))
        {
            Apply(events);
        }
    }

    /// <summary>Writer thread (or any thread once it has exited): moves the events not yet counted failed.</summary>
    public void Apply(IReadOnlyCollection<LogEvent> events)
    {
        long moved = 0;
        foreach (var e in events)
        {
            // TryAdd: one event reported twice (by two sinks, or twice by one) moves once.
            if (_countedFailed.TryAdd(e, Failed))
            {
                moved++;
            }
        }

        _counters.MoveWrittenToFailed(moved, _queue);
    }
}
