using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// The batch a <see cref="FapilogDeliveryTransport"/> is asked to send: each record's exact UTF-8 bytes, in the
/// output's order, as its formatter wrote them (from memory or from the disk spool alike); and, for an answer record
/// by record (<see cref="FapilogDeliveryOutcome.PerItem"/>), a mark on each record the backend did not take.
/// </summary>
/// <remarks>
/// A view over the delivery thread's own reused buffer, valid during <see cref="FapilogDeliveryTransport.Send"/> only:
/// copy what must outlive the call. Between calls every member throws <see cref="InvalidOperationException"/>, so a
/// view kept past its call (read later, or marked from another thread) fails loudly instead of reading or marking
/// another batch. The same view object is passed on every call, so a transport may compare
/// <see cref="Version"/> with the one it last saw: a retry of unchanged records has the same version, and a transport
/// that builds its request once per version sends exactly the same bytes on every retry.
/// </remarks>
public sealed class FapilogDeliveryBatch
{
    private DeliveryBatch _batch;
    private volatile bool _open;

    internal FapilogDeliveryBatch(DeliveryBatch batch) => _batch = batch;

    /// <summary>How many records the batch holds (at least one).</summary>
    /// <exception cref="InvalidOperationException">Read outside <see cref="FapilogDeliveryTransport.Send"/>.</exception>
    public int Count => Open.Count;

    /// <summary>Changes whenever the records in the batch change: a new batch, or the records left after an answer record by record.</summary>
    /// <exception cref="InvalidOperationException">Read outside <see cref="FapilogDeliveryTransport.Send"/>.</exception>
    public long Version => Open.Version;

    /// <summary>Record <paramref name="index"/>'s UTF-8 bytes (one JSON object for the envelope and CLEF formats, no line break).</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The bytes, valid during this send only.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in the batch.</exception>
    /// <exception cref="InvalidOperationException">Read outside <see cref="FapilogDeliveryTransport.Send"/>.</exception>
    public ReadOnlySpan<byte> this[int index] => Open[index];

    /// <summary>Marks record <paramref name="index"/> for another try; then return <see cref="FapilogDeliveryOutcome.PerItem"/>.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in the batch.</exception>
    /// <exception cref="InvalidOperationException">Called outside <see cref="FapilogDeliveryTransport.Send"/>.</exception>
    public void Retry(int index) => Open.Retry(index);

    /// <summary>Marks record <paramref name="index"/> as refused for good (it fails as <c>rejected</c>); then return <see cref="FapilogDeliveryOutcome.PerItem"/>.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in the batch.</exception>
    /// <exception cref="InvalidOperationException">Called outside <see cref="FapilogDeliveryTransport.Send"/>.</exception>
    public void Reject(int index) => Open.Reject(index);

    /// <summary>The batch this view shows: the delivery loop passes the same one on every call.</summary>
    internal DeliveryBatch Inner => _batch;

    internal void Show(DeliveryBatch batch) => _batch = batch;

    /// <summary>Opens the view for one send (and <see cref="Close"/> ends it).</summary>
    internal void Begin() => _open = true;

    internal void Close() => _open = false;

    private DeliveryBatch Open => _open
        ? _batch
        : throw new InvalidOperationException("Fapilog: a delivery batch is valid during FapilogDeliveryTransport.Send only; copy what must outlive the call.");
}
