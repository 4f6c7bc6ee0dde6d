using System;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// The protocol part of an output built on the shared delivery stage (<see cref="FapilogDeliveryOutput.Create"/>):
/// it writes one batch of records to its backend and says how that went. Buffering, batching, retry with backoff, the
/// circuit breaker, the disk spool, the close's bound and the output's figures are the stage's; a transport only sends.
/// </summary>
/// <remarks>
/// <para>The stage calls <see cref="Send"/> on its delivery thread, one batch at a time, never concurrently, so a
/// transport may keep state (a connection, a parsed copy of the batch) in plain fields. After a transient failure the
/// same batch is offered again; <see cref="FapilogDeliveryBatch.Version"/> tells a retry of the same records from a
/// batch whose records changed.</para>
/// <para>A resend must be expected: an answer lost after the backend stored a batch, or a spool replayed after a crash,
/// sends records that may be there already. Each fapilog envelope carries a unique <c>message_id</c> to deduplicate on.</para>
/// <para><see cref="Dispose()"/> is called once, by the output's close, after the last <see cref="Send"/> has returned
/// (a send stuck past the close's bound is left to run, and then the transport is not disposed).</para>
/// </remarks>
public abstract class FapilogDeliveryTransport : IDisposable
{
    /// <summary>Initializes the transport.</summary>
    protected FapilogDeliveryTransport()
    {
    }

    /// <summary>
    /// Sends the batch's records, synchronously, and says how it went. An exception thrown counts as a transient
    /// failure (its type and message become the output's last error), but returning an outcome says more.
    /// </summary>
    /// <param name="batch">The records to send, in order; valid only during this call.</param>
    /// <param name="cancel">Fires when the output's close gives up on the batch: stop and return.</param>
    /// <returns>The outcome: delivered, transient (retried with backoff, counted by the breaker), permanent (the batch fails as <c>rejected</c>), or per item (the records marked in <paramref name="batch"/>).</returns>
    public abstract FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel);

    /// <summary>Releases the transport's resources (its connection).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the transport's resources.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>; <see langword="false"/> from a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>What a <see cref="FapilogDeliveryTransport"/> says of one batch.</summary>
public enum FapilogDeliveryOutcomeKind
{
    /// <summary>The backend took every record.</summary>
    Delivered = 0,

    /// <summary>Worth retrying: the backend is unreachable, busy or short of resources. The batch is sent again with backoff, and the circuit breaker counts the failure.</summary>
    Transient = 1,

    /// <summary>Not worth retrying: the backend refused this batch for good. Its records fail as <c>rejected</c>; the breaker does not count it (the backend answered).</summary>
    Permanent = 2,

    /// <summary>
    /// The backend answered record by record: the transport marked the ones it did not take
    /// (<see cref="FapilogDeliveryBatch.Retry"/>, <see cref="FapilogDeliveryBatch.Reject"/>). The unmarked ones count as
    /// delivered, the rejected ones fail, and the ones to retry are sent again, in order, with backoff.
    /// </summary>
    PerItem = 3,
}

/// <summary>The outcome of one <see cref="FapilogDeliveryTransport.Send"/>: its kind, what went wrong, and how long the backend asked to wait.</summary>
public readonly struct FapilogDeliveryOutcome : IEquatable<FapilogDeliveryOutcome>
{
    private FapilogDeliveryOutcome(FapilogDeliveryOutcomeKind kind, string? error, TimeSpan? retryAfter)
    {
        Kind = kind;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>Every record was delivered.</summary>
    public static FapilogDeliveryOutcome Delivered => default;

    /// <summary>How it went.</summary>
    public FapilogDeliveryOutcomeKind Kind { get; }

    /// <summary>What went wrong, as the output's last error and <c>SelfLog</c> show it; <see langword="null"/> when delivered.</summary>
    public string? Error { get; }

    /// <summary>The wait the backend asked for before the next attempt (bounded by <c>MaxRetryDelay</c>); <see langword="null"/> for the usual backoff.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>A failure worth retrying.</summary>
    /// <param name="error">What went wrong, in one line, without secrets.</param>
    /// <param name="retryAfter">The wait the backend asked for, if it did.</param>
    /// <returns>The outcome.</returns>
    public static FapilogDeliveryOutcome Transient(string error, TimeSpan? retryAfter = null) =>
        new(FapilogDeliveryOutcomeKind.Transient, error ?? throw new ArgumentNullException(nameof(error)), retryAfter);

    /// <summary>A refusal of the whole batch for good.</summary>
    /// <param name="error">What went wrong, in one line, without secrets.</param>
    /// <returns>The outcome.</returns>
    public static FapilogDeliveryOutcome Permanent(string error) =>
        new(FapilogDeliveryOutcomeKind.Permanent, error ?? throw new ArgumentNullException(nameof(error)), null);

    /// <summary>An answer record by record: the records not taken are marked in the batch.</summary>
    /// <param name="error">The first refusal, in one line; <see langword="null"/> if none was worded.</param>
    /// <param name="retryAfter">The wait the backend asked for before the records marked for retry are sent again, if it did.</param>
    /// <returns>The outcome.</returns>
    public static FapilogDeliveryOutcome PerItem(string? error, TimeSpan? retryAfter = null) =>
        new(FapilogDeliveryOutcomeKind.PerItem, error, retryAfter);

    /// <summary>Whether two outcomes are the same.</summary>
    /// <param name="left">One outcome.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when kind, error and wait are equal.</returns>
    public static bool operator ==(FapilogDeliveryOutcome left, FapilogDeliveryOutcome right) => left.Equals(right);

    /// <summary>Whether two outcomes differ.</summary>
    /// <param name="left">One outcome.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when kind, error or wait differ.</returns>
    public static bool operator !=(FapilogDeliveryOutcome left, FapilogDeliveryOutcome right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(FapilogDeliveryOutcome other) =>
        Kind == other.Kind && RetryAfter == other.RetryAfter && string.Equals(Error, other.Error, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FapilogDeliveryOutcome other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Error, RetryAfter);

    /// <inheritdoc/>
    public override string ToString() => Error is null ? Kind.ToString() : Kind + ": " + Error;
}
