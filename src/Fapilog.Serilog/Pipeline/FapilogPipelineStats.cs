using System;

namespace Fapilog.Serilog;

/// <summary>
/// A snapshot of a pipeline's counters. At a quiescent point (after a flush or close)
/// <c>Received == Written + Failed + Filtered + Dropped + Queued</c> holds exactly.
/// </summary>
public sealed class FapilogPipelineStats
{
    private readonly long[] _drops;
    private readonly long[] _filteredBy;

    internal FapilogPipelineStats(
        string name, long claimed, long completed, long[] drops, long written, long failed, long filtered, long batches,
        long highWaterMark, string? lastError, bool isClosed, long emitted, long[] filteredBy)
    {
        _drops = drops;
        _filteredBy = filteredBy;
        Emitted = emitted;
        Name = name;
        Written = written;
        Failed = failed;
        Filtered = filtered;
        Batches = batches;
        HighWaterMark = highWaterMark;
        LastError = lastError;
        IsClosed = isClosed;

        long admissionDrops = 0;
        long shutdownDrops = 0;
        for (int reason = 0; reason < PipelineCounters.ReasonCount; reason++)
        {
            for (int level = 0; level < PipelineCounters.LevelCount; level++)
            {
                long n = drops[(reason * PipelineCounters.LevelCount) + level];
                if (reason == (int)DropReason.ShutdownTimeout)
                {
                    shutdownDrops += n;
                }
                else
                {
                    admissionDrops += n;
                }
            }
        }

        // Events a stage added count as received when they are counted written, failed or filtered.
        Received = claimed + admissionDrops + emitted;
        Dropped = admissionDrops + shutdownDrops;
        // From positions, independently of written/failed: the writer counts a batch's positions (completed)
        // and its outcomes (written, failed) separately, so the invariant checks one against the other.
        Queued = claimed - completed - shutdownDrops;
    }

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>Events that reached the pipeline's <c>Emit</c>.</summary>
    public long Received { get; }

    /// <summary>Events every wrapped sink accepted.</summary>
    public long Written { get; }

    /// <summary>Events at least one wrapped sink failed to write (the sink threw).</summary>
    public long Failed { get; }

    /// <summary>
    /// Events a writer-side stage of the pipeline took out on purpose (sampling, rate limiting) before any sink got
    /// them. Zero unless such a stage is configured.
    /// </summary>
    public long Filtered { get; }

    /// <summary>
    /// Events a writer-side stage added (the summary of suppressed duplicate errors), counted in <see cref="Received"/>
    /// and in <see cref="Written"/>, <see cref="Failed"/> or <see cref="Filtered"/> like any other.
    /// </summary>
    public long Emitted { get; }

    /// <summary>
    /// Values the redaction stage masked or rewrote (a property, a nested value, a dictionary key, a template's text,
    /// an exception): one per value, however many secrets it held. Zero when redaction is off.
    /// </summary>
    public long Redacted { get; internal init; }

    /// <summary>
    /// Values redaction could not check (masked whole, or their event failed, as <see cref="FapilogRedactionOptions.OnFailure"/> says).
    /// </summary>
    public long RedactionFailures { get; internal init; }

    /// <summary>Events dropped, for any <see cref="DropReason"/>.</summary>
    public long Dropped { get; }

    /// <summary>Events admitted and not yet written or failed (in the queue or in the batch being written).</summary>
    public long Queued { get; }

    /// <summary>The deepest the queue has been, in events.</summary>
    public long HighWaterMark { get; }

    /// <summary>Batches handed to the sinks.</summary>
    public long Batches { get; }

    /// <summary>The last sink or writer error, as <c>Type: message</c>, or <see langword="null"/>.</summary>
    public string? LastError { get; }

    /// <summary>Whether the pipeline has begun to close (events are no longer admitted).</summary>
    public bool IsClosed { get; }

    /// <summary>Events a writer-side stage filtered out for <paramref name="reason"/>; they add up to <see cref="Filtered"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long FilteredFor(FilterReason reason) =>
        (uint)reason < (uint)_filteredBy.Length ? _filteredBy[(int)reason] : 0;

    /// <summary>Events dropped for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long DroppedFor(DropReason reason)
    {
        long total = 0;
        for (int level = 0; level < PipelineCounters.LevelCount; level++)
        {
            total += _drops[((int)reason * PipelineCounters.LevelCount) + level];
        }

        return total;
    }

    /// <summary>Events of <paramref name="level"/> dropped, for any reason.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The count.</returns>
    public long DroppedFor(FapilogLevel level)
    {
        long total = 0;
        for (int reason = 0; reason < PipelineCounters.ReasonCount; reason++)
        {
            total += DroppedFor((DropReason)reason, level);
        }

        return total;
    }

    /// <summary>Events of <paramref name="level"/> dropped for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <param name="level">The level.</param>
    /// <returns>The count.</returns>
    public long DroppedFor(DropReason reason, FapilogLevel level) =>
        (uint)reason < PipelineCounters.ReasonCount && Enum.IsDefined(level)
            ? _drops[((int)reason * PipelineCounters.LevelCount) + PipelineCounters.LevelIndex(level)]
            : 0;

    /// <inheritdoc />
    public override string ToString() =>
        Filtered == 0
            ? $"{Name}: received {Received}, written {Written}, failed {Failed}, dropped {Dropped}, queued {Queued}"
            : $"{Name}: received {Received}, written {Written}, failed {Failed}, filtered {Filtered}, dropped {Dropped}, queued {Queued}";
}
