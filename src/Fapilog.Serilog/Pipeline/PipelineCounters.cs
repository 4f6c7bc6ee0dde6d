using System;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>
/// The exact counters of one pipeline. Drops are counted by the thread that drops (callers, with
/// <see cref="Interlocked"/>, off the fast path); written/failed/completed are counted by the writer thread
/// under <see cref="CompletionLock"/>, which the shutdown path also takes to abandon what is left, so that
/// <c>received == written + failed + dropped + queued</c> holds exactly at every quiescent point.
/// </summary>
internal sealed class PipelineCounters
{
    public const int ReasonCount = 4;
    public const int LevelCount = 8;

    // [reason * LevelCount + level index]; incremented with Interlocked by any thread.
    private readonly long[] _drops = new long[ReasonCount * LevelCount];

    public object CompletionLock { get; } = new();

    // Written under CompletionLock (writer thread, or the shutdown path once); read by snapshots.
    public long Written;
    public long Failed;
    public long Batches;
    public long Completed;
    public long HighWaterMark;
    public string? LastError;

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
    /// Debug builds, under <see cref="CompletionLock"/>: every completed position was counted written or failed
    /// exactly once, no count is negative, and nothing completed that was not claimed.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    public void AssertConsistent(long claimed)
    {
        Invariants.Holds(Monitor.IsEntered(CompletionLock), "the counters are checked under CompletionLock");
        Invariants.Holds(Written >= 0 && Failed >= 0 && Batches >= 0, $"no count is negative (written {Written}, failed {Failed}, batches {Batches})");
        Invariants.Holds(Written + Failed == Completed, $"written + failed == completed ({Written} + {Failed} != {Completed})");
        Invariants.Holds(Completed <= claimed, $"completed <= claimed ({Completed} > {claimed})");
    }

    public void RecordError(Exception exception) =>
        Volatile.Write(ref LastError, $"{exception.GetType().FullName}: {exception.Message}");
}
