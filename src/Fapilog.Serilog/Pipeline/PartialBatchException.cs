using System;
using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// Thrown by an <see cref="IFapilogBatchSink"/> that wrote a batch except for some events: the pipeline counts
/// only <see cref="FailedIndexes"/> as failed. Any other exception from <c>EmitBatch</c>, and this one with no
/// indexes, fails the whole batch.
/// </summary>
/// <remarks>
/// Throw it after writing everything that could be written, so that one event whose formatting fails (a
/// user formatter that throws, say) does not cost the other events of its batch.
/// </remarks>
public sealed class PartialBatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failedIndexes">Positions in the batch span of the events that were not written.</param>
    /// <param name="innerException">The first failure, for the report.</param>
    public PartialBatchException(IReadOnlyList<int> failedIndexes, Exception? innerException)
        : base($"{failedIndexes?.Count ?? 0} events of the batch were not written", innerException)
        => FailedIndexes = failedIndexes ?? throw new ArgumentNullException(nameof(failedIndexes));

    /// <summary>Creates the exception with no failed events (for serializers and analyzers; prefer the other constructor).</summary>
    public PartialBatchException()
        : this(Array.Empty<int>(), null)
    {
    }

    /// <summary>Creates the exception with a message and no failed events.</summary>
    /// <param name="message">The message.</param>
    public PartialBatchException(string message)
        : base(message) => FailedIndexes = Array.Empty<int>();

    /// <summary>Creates the exception with a message, an inner exception and no failed events.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PartialBatchException(string message, Exception? innerException)
        : base(message, innerException) => FailedIndexes = Array.Empty<int>();

    /// <summary>Positions in the batch span of the events that were not written.</summary>
    public IReadOnlyList<int> FailedIndexes { get; }
}
