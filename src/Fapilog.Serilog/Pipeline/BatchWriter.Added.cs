using System;
using System.Diagnostics;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The events stages add (see <see cref="IEmittingStage"/>): asked for before each batch, whenever the queue runs
/// empty, at an explicit flush and at the close; written in batches of their own, ahead of the next batch.
/// </summary>
/// <remarks>
/// They never enter <c>_batch</c>, whose first <c>Head - Completed</c> slots a close that gives up reads as the queued
/// events in flight; they have a buffer of their own, and are counted (emitted, plus written, failed or filtered) in
/// one step under the counters' lock, or not at all once a close has given up on the writer.
/// Sequence numbers: the queue's positions shifted by the events added so far, so an added event is numbered after
/// every event written before it and before every event written after it, and no number is used twice.
/// </remarks>
internal sealed partial class BatchWriter
{
    // The most added events written in one batch of their own; more are asked for again at once.
    private const int MaxAddedPerBatch = 64;

    private readonly Func<LogEvent, FapilogEvent> _stampAdded;
    private readonly FapilogEvent[] _added = Array.Empty<FapilogEvent>();
    private readonly bool[] _addedFailed = Array.Empty<bool>();

    // Writer thread only: events added so far (the sequence shift), and the stamping state of the current Emit.
    private long _addedSoFar;
    private long _addedBase;
    private long _addedMillis;

    /// <summary>
    /// Writer thread, with no batch in hand (the queue ran empty, a flush, the close): writes what the stages hold for
    /// <paramref name="scope"/>. Sets <paramref name="dirty"/> when something went to the sinks. False when a close has
    /// abandoned the writer.
    /// </summary>
    public bool WriteHeld(EmitScope scope, ref bool dirty)
    {
        if (!_stages.Emits)
        {
            return true;
        }

        if (_counters.IsAbandoned)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        _stages.BeginBatch(now);
        long batches = _counters.Batches;
        bool written = WriteAdded(now, scope, taken: 0);
        dirty |= _counters.Batches != batches;
        return written;
    }

    /// <summary>Writer thread: how long until a stage's held window closes (null when none is held), for the park's timeout.</summary>
    public TimeSpan? TimeUntilHeldDue() =>
        _stages.Emits && _stages.NextDue() is { } due ? Max(due - _time.GetUtcNow(), TimeSpan.Zero) : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Writes the added events due in <paramref name="scope"/>, <paramref name="taken"/> events being taken and not yet stamped.</summary>
    private bool WriteAdded(DateTimeOffset now, EmitScope scope, int taken)
    {
        bool full;
        do
        {
            _addedBase = _queue.Head - taken;
            _addedMillis = now.ToUnixTimeMilliseconds();
            int count = _stages.Emit(now, scope, _stampAdded, _added, out int filtered, out int stageFailed, out full);
            var stageFailures = _stages.TakeFailed();
            if (stageFailures is { } f)
            {
                _reporter.StageFailed(f.Stage, f.Error, f.Count);
            }

            if (!WriteAddedBatch(count, filtered, stageFailed))
            {
                return false;
            }
        }
        while (full);

        return true;
    }

    private bool WriteAddedBatch(int count, int filtered, int stageFailed)
    {
        if (count + filtered + stageFailed == 0)
        {
            return true;
        }

        Array.Clear(_addedFailed, 0, count);
        long started = Stopwatch.GetTimestamp();
        var error = count > 0 ? _sinks.Dispatch(_added, count, _addedFailed) : null;
        var elapsed = Stopwatch.GetElapsedTime(started);
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            failures += _addedFailed[i] ? 1 : 0;
        }

        var failedEvents = failures > 0 ? FailedEvents(_added, _addedFailed, count, failures) : null;
        bool counted;
        lock (_counters.CompletionLock)
        {
            counted = _counters.TryCompleteEmittedHeld(count - failures, failures + stageFailed, filtered, batch: count > 0, _queue);
            if (counted && filtered > 0)
            {
                _counters.CountFilteredHeld(_stages.FilteredBy);
            }
        }

        Array.Clear(_added, 0, count);
        if (!counted)
        {
            return false;
        }

        if (failedEvents is not null)
        {
            _failures.BatchFailed(failedEvents, error);
        }

        if (count > 0)
        {
            FapilogMetrics.RecordBatch(_name, count, elapsed);
        }

        return true;
    }

    /// <summary>An added event's place: after every event stamped so far, queued or added.</summary>
    private FapilogEvent StampAdded(LogEvent logEvent)
    {
        _addedSoFar++;
        return new FapilogEvent(logEvent, _addedBase + _addedSoFar, LevelClassifier.Classify(logEvent), _ids.Next(_addedMillis));
    }
}
