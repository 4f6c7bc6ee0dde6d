using System;
using System.Threading;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// What a remote output's delivery thread calls to send one batch: the protocol part of an output (HTTP, and later
/// OTLP, Seq, Loki, Elasticsearch), with batching, retry, the breaker and the counting left to the delivery stage.
/// </summary>
internal interface IDeliveryTransport : IDisposable
{
    /// <summary>
    /// Sends the events' exact bytes as one request, synchronously on the delivery thread, and says how it went.
    /// Never throws: an exception is a transient outcome. <paramref name="cancel"/> fires when the close gives up.
    /// </summary>
    DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel);
}

/// <summary>How one request went.</summary>
internal enum DeliveryOutcomeKind
{
    /// <summary>The backend took the batch.</summary>
    Delivered,

    /// <summary>Worth retrying: a 5xx, 408, 429, a timeout, a refused or reset connection.</summary>
    Transient,

    /// <summary>Not worth retrying: the backend refused this batch for good (another 4xx, or a redirect).</summary>
    Permanent,

    /// <summary>
    /// The backend answered event by event (an Elasticsearch bulk response): the transport marked each event it did not
    /// take (<see cref="DeliveryBatch.Retry"/>, <see cref="DeliveryBatch.Reject"/>). The rest count as delivered, the
    /// rejected ones fail, and the ones to retry stay in flight, in order, with backoff (the backend is up: the breaker
    /// does not count it).
    /// </summary>
    PerItem,
}

/// <summary>The outcome of one request: its kind, the backend's <c>Retry-After</c> text if any, and what went wrong.</summary>
internal readonly record struct DeliveryOutcome(DeliveryOutcomeKind Kind, string? RetryAfter = null, string? Error = null)
{
    public static DeliveryOutcome Delivered => new(DeliveryOutcomeKind.Delivered);

    public static DeliveryOutcome Transient(string error, string? retryAfter = null) => new(DeliveryOutcomeKind.Transient, retryAfter, error);

    public static DeliveryOutcome Permanent(string error) => new(DeliveryOutcomeKind.Permanent, null, error);

    /// <summary>Some events were refused (marked in the batch); <paramref name="error"/> says the first refusal.</summary>
    public static DeliveryOutcome PerItem(string? error, string? retryAfter = null) => new(DeliveryOutcomeKind.PerItem, retryAfter, error);
}
