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

    public void RecordError(Exception exception) =>
        Volatile.Write(ref LastError, $"{exception.GetType().FullName}: {exception.Message}");
}
