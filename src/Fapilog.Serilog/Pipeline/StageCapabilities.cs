using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>A stage that says why it filters: its events are counted under <see cref="Reason"/> beside the total.</summary>
internal interface IReasonedStage
{
    FilterReason Reason { get; }
}

/// <summary>
/// A stage that keeps time (token buckets, windows): it reads the pipeline's clock once per batch, from the writer,
/// before any event of the batch is processed (a clock read per event costs the writer measurably).
/// </summary>
internal interface ITimedStage
{
    void BeginBatch(DateTimeOffset now);
}

/// <summary>Which of its held events an <see cref="IEmittingStage"/> hands out.</summary>
internal enum EmitScope
{
    /// <summary>Those whose window has closed by now (before each batch, and whenever the writer finds the queue empty).</summary>
    Due,

    /// <summary>Also those of windows still open, which go on (an explicit flush: whoever flushes wants to see them).</summary>
    Pending,

    /// <summary>Everything, and forget every window: the pipeline is closing.</summary>
    Final,
}

/// <summary>
/// A stage that adds events of its own: a summary of what it suppressed. It never adds an event from
/// <see cref="IEventStage.Process"/>; the writer asks for them between batches (<see cref="EmitScope"/>), so that an
/// added event never sits among the queued events of a batch (whose place a close relies on).
/// </summary>
/// <remarks>
/// What a stage adds runs through the stages after it (redaction comes after sampling), is numbered in the pipeline's
/// sequence before the next batch, and is written to the sinks in a batch of its own, ahead of that batch. It is
/// counted <c>emitted</c> (and so received) only when it is counted written, failed or filtered, under the counters'
/// lock: an event added while a close gives up on the writer is never counted, on either side of the invariant.
/// </remarks>
internal interface IEmittingStage : ITimedStage
{
    /// <summary>Adds at most <paramref name="room"/> events due in <paramref name="scope"/> to <paramref name="into"/>; what does not fit stays held.</summary>
    void EmitDue(DateTimeOffset now, EmitScope scope, List<LogEvent> into, int room);

    /// <summary>When the next held window closes, or null: an idle writer parks no longer than that.</summary>
    DateTimeOffset? NextDue { get; }
}
