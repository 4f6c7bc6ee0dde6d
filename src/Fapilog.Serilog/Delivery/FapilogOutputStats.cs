using System;
using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>The circuit breaker of a remote output, as its figures show it.</summary>
public enum FapilogBreakerState
{
    /// <summary>Requests go through.</summary>
    Closed,

    /// <summary>The backend failed too often: no request until the break is over; nothing held is dropped.</summary>
    Open,

    /// <summary>The break is over: one probe request decides.</summary>
    HalfOpen,
}

/// <summary>
/// A snapshot of one remote output's figures (<see cref="FapilogPipeline.GetOutputStats"/>), taken at one instant, so
/// <c>Accepted == Delivered + Failed + Dropped + Pending</c> holds exactly in every snapshot.
/// </summary>
public sealed class FapilogOutputStats
{
    internal FapilogOutputStats(Delivery.DeliveryStats stats)
    {
        Output = stats.Output;
        Accepted = stats.Accepted;
        Delivered = stats.Delivered;
        Failed = stats.Failed;
        Dropped = stats.Dropped;
        Pending = stats.Pending;
        PendingBytes = stats.PendingBytes;
        Retried = stats.Retried;
        Requests = stats.Requests;
        Spooled = stats.Spool.Spooled;
        Replayed = stats.Spool.Replayed;
        SpoolEvents = stats.Spool.Held;
        SpoolBytes = stats.Spool.Bytes;
        SpoolWriteFailures = stats.Spool.WriteFailures;
        Breaker = (FapilogBreakerState)(int)stats.Breaker;
        LastError = stats.LastError;
        var losses = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Delivery.DeliveryLoss loss in Enum.GetValues<Delivery.DeliveryLoss>())
        {
            losses[Delivery.DeliveryLosses.Name(loss)] = stats.LossFor(loss);
        }

        Losses = losses;
    }

    /// <summary>The output's name.</summary>
    public string Output { get; }

    /// <summary>Events the output took from the pipeline, plus those a previous process left in its spool.</summary>
    public long Accepted { get; }

    /// <summary>Events the backend took.</summary>
    public long Delivered { get; }

    /// <summary>Events that will never be delivered: <c>rejected</c>, <c>retry_time_exceeded</c>, <c>shutdown_timeout</c>.</summary>
    public long Failed { get; }

    /// <summary>Events dropped on arrival: <c>buffer_full</c>, <c>closed</c>.</summary>
    public long Dropped { get; }

    /// <summary>Events held: waiting in memory or the spool, or in the request in flight (after a close: left in the spool).</summary>
    public long Pending { get; }

    /// <summary>The record bytes of <see cref="Pending"/>.</summary>
    public long PendingBytes { get; }

    /// <summary>Requests that repeated events already tried.</summary>
    public long Retried { get; }

    /// <summary>Requests sent.</summary>
    public long Requests { get; }

    /// <summary>Events written to the disk spool.</summary>
    public long Spooled { get; }

    /// <summary>Events a previous process left in the spool, found at start and sent first.</summary>
    public long Replayed { get; }

    /// <summary>Events the spool holds now.</summary>
    public long SpoolEvents { get; }

    /// <summary>Bytes the spool holds on disk.</summary>
    public long SpoolBytes { get; }

    /// <summary>Events the spool could not write (a full disk), kept in memory instead.</summary>
    public long SpoolWriteFailures { get; }

    /// <summary>The circuit breaker's state.</summary>
    public FapilogBreakerState Breaker { get; }

    /// <summary>The last error the backend or the spool gave, or null.</summary>
    public string? LastError { get; }

    /// <summary>Dropped and failed events by reason (<c>buffer_full</c>, <c>closed</c>, <c>rejected</c>, <c>retry_time_exceeded</c>, <c>shutdown_timeout</c>, <c>spool_damaged</c>).</summary>
    public IReadOnlyDictionary<string, long> Losses { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"{Output}: accepted {Accepted}, delivered {Delivered}, failed {Failed}, dropped {Dropped}, pending {Pending} ({SpoolEvents} in the spool), breaker {Breaker}");
}
