using System;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// A queued event as the writer thread hands it to batch-aware sinks: the caller's <see cref="LogEvent"/>,
/// untouched, plus what the pipeline adds beside it.
/// </summary>
/// <remarks>
/// The <see cref="LogEvent"/> is shared with every other sink of the logger and must never be mutated;
/// the sequence number, level and message id travel here instead of in its property dictionary.
/// </remarks>
public readonly struct FapilogEvent
{
    /// <summary>Creates an event; the pipeline does this on the writer thread.</summary>
    /// <param name="logEvent">The Serilog event.</param>
    /// <param name="sequence">The pipeline's monotonically increasing sequence number (1-based).</param>
    /// <param name="level">The fapilog level, <see cref="FapilogLevel.Audit"/> and <see cref="FapilogLevel.Security"/> included.</param>
    /// <param name="messageId">The event's <c>message_id</c>: unique, a time-ordered UUID.</param>
    public FapilogEvent(LogEvent logEvent, long sequence, FapilogLevel level, Guid messageId)
    {
        LogEvent = logEvent ?? throw new ArgumentNullException(nameof(logEvent));
        Sequence = sequence;
        Level = level;
        MessageId = messageId;
    }

    /// <summary>The Serilog event (shared; read only).</summary>
    public LogEvent LogEvent { get; }

    /// <summary>The pipeline's sequence number, in enqueue order, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary>The fapilog level of the event.</summary>
    public FapilogLevel Level { get; }

    /// <summary>The event's <c>message_id</c>: the same for every sink of one pipeline.</summary>
    public Guid MessageId { get; }

    /// <summary>
    /// Wraps an event that did not come through a pipeline (a formatter used directly, a test):
    /// the level is classified and a fresh message id is generated.
    /// </summary>
    /// <param name="logEvent">The Serilog event.</param>
    /// <returns>The event with its level and a new message id; sequence 0.</returns>
    public static FapilogEvent Standalone(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return new FapilogEvent(logEvent, 0, LevelClassifier.Classify(logEvent), MessageIdGenerator.Shared.Next());
    }
}
