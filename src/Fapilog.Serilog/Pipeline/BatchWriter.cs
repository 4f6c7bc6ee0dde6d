using System;
using System.Collections.Generic;
using System.Diagnostics;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// One batch on the writer thread, top to bottom: stamp (sequence, level, message id), the writer-side stages, the
/// sinks, the counts, the failure reports. Holds the writer's reusable buffers.
/// </summary>
/// <remarks>
/// Counting and the abandon protocol: a batch is counted under the counters' lock, and not at all once a close
/// has given up on the writer (<see cref="PipelineCounters.IsAbandoned"/>): the close has then counted and reported
/// what the writer held, from <see cref="CountInFlight"/>. The stages work in place and what they take out is removed
/// and counted in one step under the lock, so that the batch buffer always holds exactly what is still in flight.
/// </remarks>
internal sealed partial class BatchWriter
{
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly BoundedEventQueue _queue;
    private readonly PipelineCounters _counters;
    private readonly SinkDispatcher _sinks;
    private readonly FailureReports _failures;
    private readonly EventStages _stages;
    private readonly MessageIdGenerator _ids;
    private readonly SelfLogReporter _reporter;

    // Writer-thread-only buffers, reused for every batch.
    private readonly LogEvent?[] _taken;
    private readonly FapilogEvent[] _batch;
    private readonly bool[] _failed;

    public BatchWriter(FapilogPipelineOptions options, PipelineParts parts, SinkDispatcher sinks)
    {
        _name = options.Name;
        _time = options.TimeProvider;
        _queue = parts.Queue;
        _counters = parts.Counters;
        _reporter = parts.Reporter;
        _sinks = sinks;
        _failures = parts.Failures;
        _stages = new EventStages(PipelineStages.Build(options, parts.Counters));
        _ids = new MessageIdGenerator(options.TimeProvider);
        _taken = new LogEvent?[options.BatchSizeLimit];
        _batch = new FapilogEvent[options.BatchSizeLimit];
        _failed = new bool[options.BatchSizeLimit];
        _stampAdded = StampAdded;
        if (_stages.Emits)
        {
            _added = new FapilogEvent[Math.Min(options.BatchSizeLimit, MaxAddedPerBatch)];
            _addedFailed = new bool[_added.Length];
        }
    }

    /// <summary>Where the writer takes the next batch out of the queue.</summary>
    public Span<LogEvent?> TakeBuffer => _taken;

    /// <summary>Writes the <paramref name="count"/> events just taken. False when a close has abandoned the writer.</summary>
    public bool Write(int count)
    {
        if (_counters.IsAbandoned)
        {
            // The close gave up on us (a sink or the failure listener held us too long) and has counted and
            // reported what was queued: writing it now would deliver it twice.
            Array.Clear(_taken, 0, count);
            return false;
        }

        // One clock read per batch, for the message ids and the stages that keep time.
        var now = _time.GetUtcNow();
        if (_stages.Any)
        {
            _stages.BeginBatch(now);
            if (_stages.Emits && !WriteAdded(now, EmitScope.Due, count))
            {
                return false; // what stages held ahead of this batch (a window that closed) goes first
            }
        }

        Stamp(count, now.ToUnixTimeMilliseconds());
        if (_stages.Any && !RunStages(ref count))
        {
            return false;
        }

        if (count == 0)
        {
            return true; // the stages took every event out: nothing for the sinks
        }

        long started = Stopwatch.GetTimestamp();
        var error = _sinks.Dispatch(_batch, count, _failed);
        var elapsed = Stopwatch.GetElapsedTime(started);
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            failures += _failed[i] ? 1 : 0;
        }

        var failedEvents = failures > 0 ? FailedEvents(_batch, _failed, count, failures) : null;
        bool counted = _counters.TryComplete(count - failures, failures, 0, batch: true, _queue);

        // After counting: a close that abandons the writer reads this batch to say what it abandoned.
        Array.Clear(_batch, 0, count); // let the events be collected before the next batch overwrites them
        if (!counted)
        {
            return false;
        }

        if (failedEvents is not null)
        {
            // After the abandon check: a close that gave up on this writer has reported these events already.
            _failures.BatchFailed(failedEvents, error);
        }

        FapilogMetrics.RecordBatch(_name, count, elapsed);
        return true;
    }

    /// <summary>
    /// Closing thread, under the counters' lock, with the writer stuck in a sink: counts by level the
    /// <paramref name="left"/> events not completed (the batch the writer holds, then the queue), collecting them
    /// for the failure listener when <paramref name="events"/> is given. An event that cannot be seen (a slot not
    /// yet published) counts as Information, so the total stays exact.
    /// </summary>
    public void CountInFlight(long[] byLevel, long left, List<LogEvent>? events)
    {
        long inBatch = Math.Min(Math.Max(0, _queue.Head - _counters.Completed), _batch.Length);
        long seen = 0;
        for (int i = 0; i < inBatch && seen < left; i++, seen++)
        {
            // Taken but not yet stamped (the writer stopped between the two), or stamped.
            var logEvent = _batch[i].LogEvent ?? _taken[i];
            var level = _batch[i].LogEvent is not null ? _batch[i].Level : logEvent is not null ? LevelClassifier.Classify(logEvent) : FapilogLevel.Information;
            byLevel[PipelineCounters.LevelIndex(level)]++;
            if (logEvent is not null)
            {
                events?.Add(logEvent);
            }
        }

        _queue.VisitQueued(logEvent =>
        {
            if (seen < left)
            {
                byLevel[PipelineCounters.LevelIndex(logEvent is null ? FapilogLevel.Information : LevelClassifier.Classify(logEvent))]++;
                seen++;
                if (logEvent is not null)
                {
                    events?.Add(logEvent);
                }
            }
        });
        byLevel[PipelineCounters.LevelIndex(FapilogLevel.Information)] += left - seen;
    }

    private void Stamp(int count, long millis)
    {
        // Sequence numbers follow the queue's positions, moved on by the events stages added before (numbered among them).
        long first = _queue.Head - count + _addedSoFar;

        // One clock read per batch for the message ids (a clock read per event cost the writer measurably with a null
        // sink): an id's time part is when its batch was taken, at most one batch-write late.
        for (int i = 0; i < count; i++)
        {
            var logEvent = _taken[i]!;
            _taken[i] = null;
            _batch[i] = new FapilogEvent(logEvent, first + i + 1, LevelClassifier.Classify(logEvent), _ids.Next(millis));
            _failed[i] = false;
        }
    }

    /// <summary>The stages, then the counts of what they took out. False when a close has abandoned the writer.</summary>
    private bool RunStages(ref int count)
    {
        // In place: while a stage runs (it may be slow, or stuck), the batch buffer still holds every event in flight.
        bool tookOut = _stages.Run(_batch, count, out int filtered, out int failed);
        var stageFailures = _stages.TakeFailed();
        lock (_counters.CompletionLock)
        {
            // A close may have given up on us while a stage ran: it has counted and reported this batch already.
            if (_counters.IsAbandoned)
            {
                Array.Clear(_batch, 0, count);
                return false;
            }

            if (tookOut)
            {
                // With the counts, under the same lock, so the close sees the whole batch or the kept part and the counts.
                count = _stages.Compact(_batch, count);
                _counters.TryCompleteHeld(0, failed, filtered, batch: false, _queue);
                _counters.CountFilteredHeld(_stages.FilteredBy);
            }
        }

        if (stageFailures is { } f)
        {
            // SelfLog only: these events are not handed to the failure listener (see IEventStage).
            _reporter.StageFailed(f.Stage, f.Error, f.Count);
        }

        return true;
    }

    /// <summary>The events of a batch that failed, for the failure listener.</summary>
    private static LogEvent[] FailedEvents(FapilogEvent[] batch, bool[] failed, int count, int failures)
    {
        var events = new LogEvent[failures];
        for (int i = 0, n = 0; i < count && n < failures; i++)
        {
            if (failed[i])
            {
                events[n++] = batch[i].LogEvent;
            }
        }

        return events;
    }
}
