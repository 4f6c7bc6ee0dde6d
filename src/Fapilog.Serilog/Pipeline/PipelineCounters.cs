using System;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>
/// The exact counters of one pipeline. Drops are counted by the thread that drops (callers, with
/// <see cref="Interlocked"/>, off the fast path); written/failed/filtered/completed are counted by the writer
/// thread under <see cref="CompletionLock"/>, which the shutdown path also takes to abandon what is left, so that
/// <c>received == written + failed + filtered + dropped + queued</c> holds exactly at every quiescent point.
/// </summary>
/// <remarks>
/// The abandon protocol lives here too: a close that gives up on a stuck writer marks the counters abandoned under
/// the lock, and from then on the writer's <see cref="TryComplete"/> refuses, so nothing is counted twice.
/// </remarks>
internal sealed class PipelineCounters
{
    public const int ReasonCount = 4;
    public const int LevelCount = 8;

    // [reason * LevelCount + level index]; incremented with Interlocked by any thread.
    private readonly long[] _drops = new long[ReasonCount * LevelCount];

    // Filtered, by FilterReason; written under CompletionLock with Filtered, read by snapshots under it.
    private readonly long[] _filteredBy = new long[FilterReasons.Count];

    public object CompletionLock { get; } = new();

    // Written under CompletionLock (writer thread, or the shutdown path once); read by snapshots.
    public long Written;
    public long Failed;
    public long Filtered;
    public long Batches;
    public long Completed;

    // Events a stage added (summaries): counted with their outcome, never as queue positions (not in Completed).
    public long Emitted;
    public long HighWaterMark;
    public string? LastError;

    // Values the redaction stage masked, and values it could not check; added by the writer thread (Interlocked),
    // read by snapshots.
    public long Redacted;
    public long RedactionFailures;

    // Set under CompletionLock by a close that gave up on the writer. Volatile: the writer also reads it outside
    // the lock, before it hands a batch to the sinks.
    private volatile bool _abandoned;

    /// <summary>Whether a close has given up on the writer: nothing more is counted as completed, or reported.</summary>
    public bool IsAbandoned => _abandoned;

    public static int LevelIndex(FapilogLevel level) => (int)level / 10;

    public static FapilogLevel LevelAt(int index) => index == 0 ? FapilogLevel.Verbose : (FapilogLevel)(index * 10);

    public void Drop(DropReason reason, FapilogLevel level) =>
        Interlocked.Increment(ref _drops[((int)reason * LevelCount) + LevelIndex(level)]);

    public void Drop(DropReason reason, FapilogLevel level, long count) =>
        Interlocked.Add(ref _drops[((int)reason * LevelCount) + LevelIndex(level)], count);

    public long Dropped(DropReason reason)
    {
        long total = 0;
        for (int level = 0; level < LevelCount; level++)
        {
            total += Volatile.Read(ref _drops[((int)reason * LevelCount) + level]);
        }

        return total;
    }

    public long[] CopyDrops()
    {
        var copy = new long[_drops.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _drops[i]);
        }

        return copy;
    }

    /// <summary>
    /// Writer thread: counts <paramref name="written"/> + <paramref name="failed"/> + <paramref name="filtered"/>
    /// completed positions (and a batch when <paramref name="batch"/>). False, counting nothing, once abandoned.
    /// </summary>
    public bool TryComplete(long written, long failed, long filtered, bool batch, BoundedEventQueue queue)
    {
        lock (CompletionLock)
        {
            return TryCompleteHeld(written, failed, filtered, batch, queue);
        }
    }

    /// <summary>As <see cref="TryComplete"/>, for a caller that holds <see cref="CompletionLock"/> already.</summary>
    public bool TryCompleteHeld(long written, long failed, long filtered, bool batch, BoundedEventQueue queue)
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "positions are completed under CompletionLock");
        if (_abandoned)
        {
            return false;
        }

        Written += written;
        Failed += failed;
        Filtered += filtered;
        Completed += written + failed + filtered;
        if (batch)
        {
            Batches++;
        }

        AssertConsistent(queue.Claimed); // Debug only: Release never reads the producers' busiest field here
        return true;
    }

    /// <summary>
    /// Writer thread, under <see cref="CompletionLock"/>: events a stage added (not queue positions) completed as
    /// written, failed or filtered; they count as emitted, and so received. False, counting nothing, once abandoned.
    /// </summary>
    public bool TryCompleteEmittedHeld(long written, long failed, long filtered, bool batch, BoundedEventQueue queue)
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "added events are completed under CompletionLock");
        if (_abandoned)
        {
            return false;
        }

        Written += written;
        Failed += failed;
        Filtered += filtered;
        Emitted += written + failed + filtered;
        if (batch)
        {
            Batches++;
        }

        AssertConsistent(queue.Claimed);
        return true;
    }

    /// <summary>Writer thread, under <see cref="CompletionLock"/>, after a completion that counted filtered events: their reasons.</summary>
    public void CountFilteredHeld(int[] byReason)
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "filter reasons are counted under CompletionLock");
        for (int i = 0; i < byReason.Length; i++)
        {
            _filteredBy[i] += byReason[i];
        }
    }

    /// <summary>Under <see cref="CompletionLock"/>: the filtered counts by reason, for a snapshot.</summary>
    public long[] CopyFilteredByHeld() => (long[])_filteredBy.Clone();

    /// <summary>
    /// Any thread: an inner sink lost <paramref name="count"/> events that were counted as written; they move to
    /// failed. Nothing moves once abandoned.
    /// </summary>
    public void MoveWrittenToFailed(long count, BoundedEventQueue queue)
    {
        if (count <= 0)
        {
            return;
        }

        lock (CompletionLock)
        {
            if (!_abandoned)
            {
                long moved = Math.Min(count, Written);
                Written -= moved;
                Failed += moved;
                AssertConsistent(queue.Claimed);
            }
        }
    }

    /// <summary>Closing thread, under <see cref="CompletionLock"/>: the writer is given up on.</summary>
    public void MarkAbandoned()
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "the counters are abandoned under CompletionLock");
        _abandoned = true;
    }

    /// <summary>
    /// Debug builds, under <see cref="CompletionLock"/>: every completed position was counted written or failed
    /// exactly once, no count is negative, and nothing completed that was not claimed.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    public void AssertConsistent(long claimed)
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "the counters are checked under CompletionLock");
        Invariants.Holds(Written >= 0 && Failed >= 0 && Filtered >= 0 && Batches >= 0, $"no count is negative (written {Written}, failed {Failed}, filtered {Filtered}, batches {Batches})");
        Invariants.Holds(Written + Failed + Filtered == Completed + Emitted, $"written + failed + filtered == completed + emitted ({Written} + {Failed} + {Filtered} != {Completed} + {Emitted})");
        Invariants.Holds(Completed <= claimed, $"completed <= claimed ({Completed} > {claimed})");
    }

    public void RecordError(Exception exception) =>
        Volatile.Write(ref LastError, $"{exception.GetType().FullName}: {exception.Message}");
}
